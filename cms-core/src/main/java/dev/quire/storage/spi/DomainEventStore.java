package dev.quire.storage.spi;

import java.util.List;

/**
 * Domain events (Strapi's names: {@code entry.create}, {@code entry.update}, {@code entry.delete},
 * {@code entry.publish}, {@code entry.unpublish}; {@code content-type.create}, {@code content-type.update},
 * {@code content-type.delete}), appended in the same transaction as the change they describe, so a committed change
 * always has its event and a rolled-back one never does. Webhook delivery reads them from here.
 */
public interface DomainEventStore {

    /**
     * Appends one event to the current write transaction, with a pending delivery for every enabled webhook that
     * subscribes to its name and its model (see {@link WebhookStore}).
     *
     * @return the stored event with its id; ids increase in commit order within one writer
     */
    DomainEventRecord append(NewDomainEvent event);

    /**
     * As {@link #append(NewDomainEvent)}, with the audit entry that records the same change (as
     * {@link AuditStore#append} would add it): where the database allows, all in one statement.
     */
    DomainEventRecord append(NewDomainEvent event, AuditStore.AuditEntry audit);

    /**
     * As {@link #append(NewDomainEvent, AuditStore.AuditEntry)}, for a unit of work that does not need the event back:
     * where the database allows, the rows go in when the transaction commits, in the same round trip as its
     * {@code COMMIT}, after the unit's other statements. They are committed with the change or not at all, as with
     * {@code append}. An event a unit appends with {@code append} after this one may then get the smaller id, and be
     * delivered first: a unit appends all its events one way or the other.
     */
    void appendAtCommit(NewDomainEvent event, AuditStore.AuditEntry audit);

    /** Up to {@code limit} events with an id greater than {@code afterId}, oldest first. */
    List<DomainEventRecord> listAfter(long afterId, int limit);
}
