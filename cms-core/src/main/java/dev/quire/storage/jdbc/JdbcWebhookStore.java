package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.quire.storage.spi.DomainEventRecord;
import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.WebhookStore;

final class JdbcWebhookStore implements WebhookStore {

    private static final String INTERRUPTED = "interrupted: the previous attempt did not finish before its lease"
            + " expired (its instance stopped or hung)";

    private final Sql sql;
    private final String webhookColumns;
    private final String deliveryColumns = "d.id, d.webhook_id, d.event_id, e.event, e.model, e.document_id,"
            + " d.message_id, d.status, d.attempts, d.next_attempt_at, d.created_at, d.completed_at, d.redelivery_of";

    JdbcWebhookStore(Sql sql) {
        this.sql = sql;
        this.webhookColumns = "w.id AS w_id, w.name, w.url, " + sql.dialect.jsonText("w.events") + " AS events, "
                + sql.dialect.jsonText("w.content_types") + " AS content_types, " + sql.dialect.jsonText("w.headers")
                + " AS headers, w.enabled, w.disabled_reason, w.secret, w.previous_secret, w.previous_secret_until,"
                + " w.created_at AS w_created_at, w.updated_at AS w_updated_at";
    }

    @Override
    public WebhookRecord create(WebhookDefinition d, String secret, Instant now) {
        String json = sql.dialect.jsonParameter();
        long id = sql.insertReturningId("INSERT INTO webhook (name, url, events, content_types, headers, enabled,"
                + " secret, created_at, updated_at) VALUES (?, ?, " + json + ", " + json + ", " + json
                + ", ?, ?, ?, ?) RETURNING id", sql.nameTaken(d.name()),
                d.name(), d.url(), d.eventsJson(), d.contentTypesJson(), d.headersJson(), d.enabled(), secret, now,
                now);
        return require(id);
    }

    @Override
    public List<WebhookRecord> list() {
        return sql.query("SELECT " + webhookColumns + " FROM webhook w ORDER BY w.id", this::webhook);
    }

    @Override
    public Optional<WebhookRecord> find(long id) {
        return sql.queryOne("SELECT " + webhookColumns + " FROM webhook w WHERE w.id = ?", this::webhook, id);
    }

    @Override
    public WebhookRecord update(long id, WebhookDefinition d, Instant now) {
        String json = sql.dialect.jsonParameter();
        int updated = sql.update("UPDATE webhook SET name = ?, url = ?, events = " + json + ", content_types = "
                + json + ", headers = " + json + ", enabled = ?, disabled_reason = CASE WHEN ? THEN NULL ELSE"
                + " disabled_reason END, updated_at = ? WHERE id = ?", sql.nameTaken(d.name()),
                d.name(), d.url(), d.eventsJson(), d.contentTypesJson(), d.headersJson(), d.enabled(), d.enabled(), now,
                id);
        if (updated == 0) {
            throw new NotFound("webhook", id);
        }
        return require(id);
    }

    @Override
    public boolean delete(long id) {
        return sql.update("DELETE FROM webhook WHERE id = ?", sql::unexpected, id) > 0;
    }

    @Override
    public WebhookRecord rotateSecret(long id, String secret, Instant previousUntil, Instant now) {
        int updated = sql.update("UPDATE webhook SET previous_secret = secret, previous_secret_until = ?, secret = ?,"
                + " updated_at = ? WHERE id = ?", sql::unexpected, previousUntil, secret, now, id);
        if (updated == 0) {
            throw new NotFound("webhook", id);
        }
        return require(id);
    }

    @Override
    public void disable(long id, String reason, Instant now) {
        sql.update("UPDATE webhook SET enabled = ?, disabled_reason = ?, updated_at = ? WHERE id = ?",
                sql::unexpected, false, reason, now, id);
    }

    @Override
    public DeliveryRecord enqueue(long webhookId, long eventId, String messageId, Long redeliveryOf, Instant now) {
        String orderKey = sql.queryOne("SELECT model, document_id FROM domain_event WHERE id = ?",
                rs -> JdbcDomainEventStore.orderKey(rs.getString(1), rs.getString(2)), eventId)
                .orElseThrow(() -> new NotFound("event", eventId));
        long id = sql.insertReturningId("INSERT INTO webhook_delivery (webhook_id, event_id, message_id, order_key,"
                + " status, attempts, next_attempt_at, redelivery_of, created_at) VALUES (?, ?, ?, ?, 'pending', 0,"
                + " ?, ?, ?) RETURNING id", sql::unexpected,
                webhookId, eventId, messageId, orderKey, now, redeliveryOf, now);
        return delivery(webhookId, id).orElseThrow(() -> new NotFound("webhook delivery", id));
    }

    @Override
    public Backlog backlog(Instant now) {
        return sql.queryOne("SELECT count(*) AS pending, min(CASE WHEN d.next_attempt_at <= ? THEN d.next_attempt_at"
                + " END) AS oldest FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE d.status = 'pending' AND w.enabled = ?",
                rs -> new Backlog(rs.getLong("pending"), sql.dialect.getInstant(rs, "oldest")), now, true)
                .orElse(new Backlog(0, null));
    }

    @Override
    public boolean anyDue(Instant now) {
        return sql.queryOne("SELECT 1 FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL"
                + " OR d.lease_until <= ?) AND w.enabled = ? LIMIT 1", rs -> true, now, now, true).isPresent();
    }

    @Override
    public List<ClaimedDelivery> claim(Claim c) {
        List<Object> params = new ArrayList<>(List.of(c.now(), c.now(), true));
        StringBuilder saturated = new StringBuilder();
        c.inFlight().forEach((webhookId, count) -> {
            if (count >= c.perWebhookLimit()) {
                saturated.append(saturated.length() == 0 ? " AND d.webhook_id NOT IN (?" : ", ?");
                params.add(webhookId);
            }
        });
        if (saturated.length() > 0) {
            saturated.append(')');
        }
        params.add(c.limit() * 4);
        List<Candidate> candidates = sql.query("SELECT d.id AS d_id, d.message_id, d.attempts, d.lease_token, "
                + webhookColumns + ", e.id AS e_id, e.event, e.model, e.document_id, e.locale, "
                + sql.dialect.jsonText("e.entry") + " AS entry, e.created_at AS e_created_at"
                + " FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id"
                + " JOIN domain_event e ON e.id = d.event_id"
                + " WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL"
                + " OR d.lease_until <= ?) AND w.enabled = ?" + saturated
                + " AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.webhook_id = d.webhook_id"
                + " AND p.order_key = d.order_key AND p.status = 'pending' AND p.id < d.id)"
                + " ORDER BY d.next_attempt_at, d.id LIMIT ?" + sql.dialect.claimLock("d"),
                rs -> new Candidate(new ClaimedDelivery(rs.getLong("d_id"), rs.getString("message_id"),
                        rs.getInt("attempts") + 1, webhook(rs), event(rs)), rs.getString("lease_token")),
                params.toArray());
        Map<Long, Integer> taken = new HashMap<>(c.inFlight());
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (claimed.size() == c.limit()) {
                break;
            }
            long webhookId = candidate.delivery().webhook().id();
            if (taken.getOrDefault(webhookId, 0) >= c.perWebhookLimit()) {
                continue;
            }
            taken.merge(webhookId, 1, Integer::sum);
            long id = candidate.delivery().deliveryId();
            if (candidate.previousLease() != null) {
                insertAttempt(id, new NewAttempt(c.now(), null, 0, null, INTERRUPTED, c.instance()));
            }
            sql.update("UPDATE webhook_delivery SET lease_token = ?, lease_until = ?, attempts = attempts + 1"
                    + " WHERE id = ?", sql::unexpected, c.leaseToken(), c.leaseUntil(), id);
            claimed.add(candidate.delivery());
        }
        return claimed;
    }

    @Override
    public boolean finish(long deliveryId, String leaseToken, NewAttempt attempt, String status,
            Instant nextAttemptAt) {
        if (sql.queryOne("SELECT 1 FROM webhook_delivery WHERE id = ?", rs -> true, deliveryId).isEmpty()) {
            return false;
        }
        insertAttempt(deliveryId, attempt);
        String set = status.equals("pending")
                ? "next_attempt_at = ?, completed_at = NULL"
                : "completed_at = ?";
        Instant at = status.equals("pending") ? nextAttemptAt : attempt.attemptedAt();
        return sql.update("UPDATE webhook_delivery SET status = ?, " + set + ", lease_token = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_token = ? AND status = 'pending'", sql::unexpected,
                status, at, deliveryId, leaseToken) > 0;
    }

    @Override
    public List<DeliveryRecord> deliveries(long webhookId, String status, int offset, int limit) {
        return sql.query("SELECT " + deliveryColumns + " FROM webhook_delivery d JOIN domain_event e"
                + " ON e.id = d.event_id WHERE d.webhook_id = ?" + (status == null ? "" : " AND d.status = ?")
                + " ORDER BY d.id DESC LIMIT ? OFFSET ?", this::delivery,
                status == null
                        ? new Object[]{webhookId, limit, offset}
                        : new Object[]{webhookId, status, limit,
                                offset});
    }

    @Override
    public long countDeliveries(long webhookId, String status) {
        return status == null
                ? sql.queryLong("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?", webhookId)
                : sql.queryLong("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ? AND status = ?",
                        webhookId, status);
    }

    @Override
    public Optional<DeliveryRecord> delivery(long webhookId, long deliveryId) {
        return sql.queryOne("SELECT " + deliveryColumns + " FROM webhook_delivery d JOIN domain_event e"
                + " ON e.id = d.event_id WHERE d.webhook_id = ? AND d.id = ?", this::delivery, webhookId, deliveryId);
    }

    @Override
    public List<AttemptRecord> attempts(List<Long> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return sql.query("SELECT id, delivery_id, attempted_at, http_status, latency_ms, response, error, instance"
                + " FROM webhook_attempt WHERE delivery_id IN (" + String.join(", ",
                        Collections.nCopies(deliveryIds.size(), "?"))
                + ") ORDER BY id",
                rs -> new AttemptRecord(rs.getLong("id"), rs.getLong("delivery_id"), new NewAttempt(
                        sql.dialect.getInstant(rs, "attempted_at"), nullableInt(rs, "http_status"),
                        rs.getLong("latency_ms"), rs.getString("response"), rs.getString("error"),
                        rs.getString("instance"))),
                deliveryIds.toArray());
    }

    @Override
    public int deleteCompletedBefore(Instant before, int limit) {
        return sql.update("DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
                + " WHERE status <> 'pending' AND completed_at < ? ORDER BY completed_at LIMIT ?)", sql::unexpected,
                before, limit);
    }

    @Override
    public int deleteEventsBefore(Instant before, int limit) {
        return sql.update("DELETE FROM domain_event WHERE id IN (SELECT e.id FROM domain_event e WHERE"
                + " e.created_at < ? AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id)"
                + " ORDER BY e.created_at LIMIT ?)", sql::unexpected, before, limit);
    }

    private void insertAttempt(long deliveryId, NewAttempt a) {
        sql.update("INSERT INTO webhook_attempt (delivery_id, attempted_at, http_status, latency_ms, response, error,"
                + " instance) VALUES (?, ?, ?, ?, ?, ?, ?)", sql::unexpected, deliveryId, a.attemptedAt(),
                a.httpStatus(), a.latencyMillis(), a.response(), a.error(), a.instance());
    }

    private WebhookRecord require(long id) {
        return find(id).orElseThrow(() -> new NotFound("webhook", id));
    }

    private WebhookRecord webhook(ResultSet rs) throws SQLException {
        return new WebhookRecord(rs.getLong("w_id"), new WebhookDefinition(rs.getString("name"), rs.getString("url"),
                rs.getString("events"), rs.getString("content_types"), rs.getString("headers"),
                rs.getBoolean("enabled")), rs.getString("disabled_reason"), rs.getString("secret"),
                rs.getString("previous_secret"), sql.dialect.getInstant(rs, "previous_secret_until"),
                sql.dialect.getInstant(rs, "w_created_at"), sql.dialect.getInstant(rs, "w_updated_at"));
    }

    private DomainEventRecord event(ResultSet rs) throws SQLException {
        return new DomainEventRecord(rs.getLong("e_id"), rs.getString("event"), rs.getString("model"),
                rs.getString("document_id"), rs.getString("locale"), rs.getString("entry"),
                sql.dialect.getInstant(rs, "e_created_at"));
    }

    private DeliveryRecord delivery(ResultSet rs) throws SQLException {
        Long redeliveryOf = nullableLong(rs, "redelivery_of");
        return new DeliveryRecord(rs.getLong("id"), rs.getLong("webhook_id"), rs.getLong("event_id"),
                rs.getString("event"), rs.getString("model"), rs.getString("document_id"), rs.getString("message_id"),
                rs.getString("status"), rs.getInt("attempts"), sql.dialect.getInstant(rs, "next_attempt_at"),
                sql.dialect.getInstant(rs, "created_at"), sql.dialect.getInstant(rs, "completed_at"),
                redeliveryOf);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        Long value = nullableLong(rs, column);
        return value == null ? null : Math.toIntExact(value);
    }

    private record Candidate(ClaimedDelivery delivery, String previousLease) {
    }
}
