package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Webhook endpoints and their outbox. {@link DomainEventStore#append} writes a pending delivery for every enabled
 * webhook the event matches, in the same transaction; dispatchers claim due deliveries with a lease, attempt them and
 * record each attempt here.
 * <p>
 * A delivery's status is {@code pending} until an attempt succeeds ({@code succeeded}) or the last retry fails
 * ({@code failed}, dead-lettered). Deliveries of one webhook that share an order key (one document of one model) are
 * claimed one at a time, oldest first, so they reach the endpoint in order.
 */
public interface WebhookStore {

    /**
     * @throws NameTaken
     *             when a webhook of this name exists
     */
    WebhookRecord create(WebhookDefinition definition, String secret, Instant now);

    /** All webhooks, ordered by id. */
    List<WebhookRecord> list();

    Optional<WebhookRecord> find(long id);

    /**
     * Replaces the definition; enabling a webhook clears the reason it was disabled.
     *
     * @throws NotFound
     *             when the webhook does not exist
     * @throws NameTaken
     *             when another webhook has the new name
     */
    WebhookRecord update(long id, WebhookDefinition definition, Instant now);

    /** Deletes the webhook and its deliveries; @return whether it existed */
    boolean delete(long id);

    /**
     * Makes {@code secret} the signing secret; the current one keeps signing alongside it until {@code previousUntil}.
     *
     * @throws NotFound
     *             when the webhook does not exist
     */
    WebhookRecord rotateSecret(long id, String secret, Instant previousUntil, Instant now);

    /** Disables the webhook and says why; its pending deliveries wait until it is enabled again. */
    void disable(long id, String reason, Instant now);

    /**
     * Adds one pending delivery of a stored event to one webhook, due now, whatever the webhook subscribes to (test
     * events and redeliveries).
     */
    DeliveryRecord enqueue(long webhookId, long eventId, String messageId, Long redeliveryOf, Instant now);

    /** Pending deliveries of enabled webhooks, and when the longest-waiting due one became due (null when none). */
    Backlog backlog(Instant now);

    /** Whether any delivery of an enabled webhook is due and unleased at {@code now}. */
    boolean anyDue(Instant now);

    /**
     * Leases up to {@code claim.limit()} due deliveries to the caller and counts the attempt it is about to make. A
     * delivery whose previous lease expired gets an attempt recorded as interrupted. Skips webhooks whose in-flight
     * count, as the caller reports it, has reached the per-webhook limit; never returns a delivery while an older
     * pending one of the same webhook and order key exists.
     */
    List<ClaimedDelivery> claim(Claim claim);

    /**
     * Records an attempt and, when the caller still holds the lease, the delivery's new status: {@code succeeded},
     * {@code failed}, or {@code pending} again, due at {@code nextAttemptAt}.
     *
     * @return whether the lease was still held (otherwise only the attempt was recorded, if the delivery exists)
     */
    boolean finish(long deliveryId, String leaseToken, NewAttempt attempt, String status, Instant nextAttemptAt);

    /** A page of one webhook's deliveries, newest first, optionally of one status. */
    List<DeliveryRecord> deliveries(long webhookId, String status, int offset, int limit);

    long countDeliveries(long webhookId, String status);

    Optional<DeliveryRecord> delivery(long webhookId, long deliveryId);

    /** The attempts of these deliveries, oldest first. */
    List<AttemptRecord> attempts(List<Long> deliveryIds);

    /** Deletes up to {@code limit} succeeded or failed deliveries completed before {@code before}; @return how many */
    int deleteCompletedBefore(Instant before, int limit);

    /** Deletes up to {@code limit} events created before {@code before} that no delivery refers to; @return how many */
    int deleteEventsBefore(Instant before, int limit);

    /**
     * What a webhook sends and to whom.
     *
     * @param eventsJson
     *            a JSON array of event names
     * @param contentTypesJson
     *            a JSON array of model names the webhook is limited to, or null for every model
     * @param headersJson
     *            a JSON object of extra request headers
     */
    record WebhookDefinition(String name, String url, String eventsJson, String contentTypesJson, String headersJson,
            boolean enabled) {
    }

    record WebhookRecord(long id, WebhookDefinition definition, String disabledReason, String secret,
            String previousSecret, Instant previousSecretUntil, Instant createdAt, Instant updatedAt) {
    }

    record DeliveryRecord(long id, long webhookId, long eventId, String event, String model, String documentId,
            String messageId, String status, int attempts, Instant nextAttemptAt, Instant createdAt,
            Instant completedAt, Long redeliveryOf) {
    }

    record AttemptRecord(long id, long deliveryId, NewAttempt attempt) {
    }

    /**
     * One attempt's result.
     *
     * @param httpStatus
     *            null when no response arrived
     * @param response
     *            the start of the response body
     * @param error
     *            why the attempt failed without a response, or null
     */
    record NewAttempt(Instant attemptedAt, Integer httpStatus, long latencyMillis, String response, String error,
            String instance) {
    }

    /**
     * @param inFlight
     *            deliveries the caller is still sending, per webhook id
     */
    record Claim(String leaseToken, String instance, Instant now, Instant leaseUntil, int limit, int perWebhookLimit,
            Map<Long, Integer> inFlight) {
    }

    /** A leased delivery with everything needed to send it. */
    record ClaimedDelivery(long deliveryId, String messageId, int attempt, WebhookRecord webhook,
            DomainEventRecord event) {
    }

    record Backlog(long pending, Instant oldestDueSince) {
    }
}
