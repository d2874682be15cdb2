package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.AuditStore;
import dev.quire.storage.spi.DomainEventRecord;
import dev.quire.storage.spi.DomainEventStore;
import dev.quire.storage.spi.NewDomainEvent;

final class JdbcDomainEventStore implements DomainEventStore {

    private final Sql sql;

    JdbcDomainEventStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public DomainEventRecord append(NewDomainEvent e) {
        return append(e, Optional.empty());
    }

    @Override
    public DomainEventRecord append(NewDomainEvent e, AuditStore.AuditEntry audit) {
        return append(e, Optional.of(audit));
    }

    /**
     * On a database that takes a statement with its {@code COMMIT}, one statement left for the commit; otherwise as
     * {@link #append(NewDomainEvent, AuditStore.AuditEntry)}, now: there a statement costs no round trip.
     */
    @Override
    public void appendAtCommit(NewDomainEvent e, AuditStore.AuditEntry audit) {
        if (!sql.dialect.commitsWithStatement() || !sql.dialect.insertsInWith()) {
            append(e, Optional.of(audit));
            return;
        }
        Object[] params = Sql.joined(Sql.joined(eventParams(e), deliveryParams(e)), JdbcAuditStore.params(audit));
        sql.atCommit(withEventAndDeliveries() + " " + JdbcAuditStore.INSERT, params);
    }

    /**
     * The event, a pending delivery to every enabled webhook that listens for it, and the audit entry if any: one
     * statement where the dialect inserts in {@code WITH}, one for each otherwise.
     */
    private DomainEventRecord append(NewDomainEvent e, Optional<AuditStore.AuditEntry> audit) {
        Object[] eventParams = eventParams(e);
        Object[] deliveryParams = deliveryParams(e);
        long id;
        if (sql.dialect.insertsInWith()) {
            String withAudit = audit.isPresent() ? ", new_audit AS (" + JdbcAuditStore.INSERT + ")" : "";
            Object[] params = Sql.joined(eventParams, deliveryParams);
            id = sql.insertReturningId(withEventAndDeliveries() + withAudit + " SELECT id FROM new_event",
                    sql::unexpected,
                    audit.isPresent() ? Sql.joined(params, JdbcAuditStore.params(audit.get())) : params);
        } else {
            id = sql.insertReturningId(insertEvent(), sql::unexpected, eventParams);
            sql.update(deliveries("?", ""), sql::unexpected, Sql.joined(new Object[]{id}, deliveryParams));
            if (audit.isPresent()) {
                sql.update(JdbcAuditStore.INSERT, sql::unexpected, JdbcAuditStore.params(audit.get()));
            }
        }
        return new DomainEventRecord(id, e.event(), e.model(), e.documentId(), e.locale(), e.entryJson(),
                e.createdAt());
    }

    /**
     * The event and its deliveries as the {@code WITH} clause of one statement, whose body the caller adds; its
     * parameters are {@link #eventParams}' and then {@link #deliveryParams}'.
     */
    private String withEventAndDeliveries() {
        return "WITH new_event AS (" + insertEvent() + "), new_delivery AS ("
                + deliveries("new_event.id", "new_event, ") + ")";
    }

    private String insertEvent() {
        return "INSERT INTO domain_event (event, model, document_id, locale, entry, created_at) VALUES (?, ?, ?, ?, "
                + sql.dialect.jsonParameter() + ", ?) RETURNING id";
    }

    private static Object[] eventParams(NewDomainEvent e) {
        return new Object[]{e.event(), e.model(), e.documentId(), e.locale(), e.entryJson(), e.createdAt()};
    }

    /** The parameters of {@link #deliveries}. */
    private static Object[] deliveryParams(NewDomainEvent e) {
        return new Object[]{orderKey(e.model(), e.documentId()), e.createdAt(), e.createdAt(), true, e.event(),
                e.model()};
    }

    /** Inserts a delivery of the event whose id is {@code eventId} to each webhook that listens for it. */
    private String deliveries(String eventId, String from) {
        return "INSERT INTO webhook_delivery (webhook_id, event_id, message_id, order_key, status, attempts,"
                + " next_attempt_at, created_at) SELECT w.id, " + eventId + ", " + sql.dialect.randomMessageId()
                + ", ?, 'pending', 0, ?, ? FROM " + from + "webhook w WHERE w.enabled = ? AND "
                + sql.dialect.jsonArrayContains("w.events") + " AND (w.content_types IS NULL OR "
                + sql.dialect.jsonArrayContains("w.content_types") + ")";
    }

    /** Deliveries of one document of one model to one webhook go out in order; this is what they share. */
    static String orderKey(String model, String documentId) {
        return model + "/" + documentId;
    }

    @Override
    public List<DomainEventRecord> listAfter(long afterId, int limit) {
        return sql.query("SELECT id, event, model, document_id, locale, " + sql.dialect.jsonText("entry")
                + " AS entry, created_at FROM domain_event WHERE id > ? ORDER BY id LIMIT ?", this::map, afterId,
                limit);
    }

    private DomainEventRecord map(ResultSet rs) throws SQLException {
        return new DomainEventRecord(rs.getLong("id"), rs.getString("event"), rs.getString("model"),
                rs.getString("document_id"), rs.getString("locale"), rs.getString("entry"),
                sql.dialect.getInstant(rs, "created_at"));
    }
}
