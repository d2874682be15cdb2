package dev.quire.storage.spi;

import java.time.Instant;

/** A stored domain event; see {@link NewDomainEvent}. */
public record DomainEventRecord(long id, String event, String model, String documentId, String locale,
        String entryJson, Instant createdAt) {
}
