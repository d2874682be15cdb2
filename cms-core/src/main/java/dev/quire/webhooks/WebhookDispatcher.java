package dev.quire.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.quire.BackgroundThreads;
import dev.quire.CmsConfig;
import dev.quire.InstanceName;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageException;
import dev.quire.storage.spi.WebhookStore.Backlog;
import dev.quire.storage.spi.WebhookStore.Claim;
import dev.quire.storage.spi.WebhookStore.ClaimedDelivery;
import dev.quire.storage.spi.WebhookStore.NewAttempt;

/**
 * Sends the outbox. Every {@code cms.webhooks.poll-interval} it checks, on a read connection, whether any delivery is
 * due; if so it claims as many as it has free slots for in one short write (leased for {@code cms.webhooks.lease}, so
 * several instances share the work and a crashed instance's claims come back), sends them concurrently, and records
 * each attempt with the delivery's new status in another short write.
 * <p>
 * Success is a 2xx response. {@code 410 Gone} disables the webhook. Anything else, or no response, is retried after the
 * next delay of {@code cms.webhooks.retry-schedule} (with jitter, and never sooner than a {@code Retry-After} on 429 or
 * 503) until the schedule runs out, when the delivery is dead-lettered.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(5);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    @Inject
    WebhookTargets targets;

    @Inject
    WebhookSender sender;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    private final String instance = InstanceName.get();
    private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller;
    private ExecutorService recorder;
    private Semaphore slots;
    private volatile boolean stopping;
    private volatile boolean busy;
    private final java.util.concurrent.atomic.AtomicBoolean pollQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Backlog backlog = new Backlog(0, null);
    private volatile Instant backlogReadAt = Instant.EPOCH;

    void start(@Observes StartupEvent startup) {
        if (!config.webhooks().dispatch()) {
            LOG.info("Webhook dispatch is off on this instance (cms.webhooks.dispatch=false)");
            return;
        }
        slots = new Semaphore(config.webhooks().maxConcurrency());
        poller = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("quire-webhook-poller"));
        recorder = Executors.newFixedThreadPool(2, BackgroundThreads.named("quire-webhook-recorder"));
        Gauge.builder("quire.webhook.backlog", () -> backlog.pending())
                .description("Pending webhook deliveries of enabled webhooks").register(registry);
        Gauge.builder("quire.webhook.oldest.due", () -> {
            Instant since = backlog.oldestDueSince();
            return since == null ? 0 : Math.max(0, Duration.between(since, Instant.now()).toMillis() / 1000.0);
        }).description("Seconds the longest-waiting due webhook delivery has been due").baseUnit("seconds")
                .register(registry);
        long interval = config.webhooks().pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (poller == null) {
            return;
        }
        stopping = true;
        poller.shutdown();
        int max = config.webhooks().maxConcurrency();
        try {
            if (!slots.tryAcquire(max, 5, TimeUnit.SECONDS)) {
                LOG.infof("Stopping with %d webhook attempts in flight; their leases expire and they are retried",
                        max - slots.availablePermits());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.shutdown();
    }

    void poll() {
        try {
            Instant now = Instant.now();
            if (Duration.between(backlogReadAt, now).compareTo(BACKLOG_REFRESH) >= 0) {
                backlog = storage.read(s -> s.webhooks().backlog(now));
                backlogReadAt = now;
            }
            int claimed;
            do {
                claimed = claimAndSend();
                if (claimed > 0) {
                    busy = true;
                }
            } while (claimed > 0 && slots.availablePermits() > 0 && !stopping);
        } catch (StorageException e) {
            LOG.warnf("Could not look for due webhook deliveries (%s); trying again shortly", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Webhook dispatch failed; trying again shortly", e);
        }
    }

    private int claimAndSend() {
        int free = slots.availablePermits();
        Instant now = Instant.now();
        if (free == 0 || stopping) {
            return 0;
        }
        if (!storage.read(s -> s.webhooks().anyDue(now))) {
            busy = false;
            return 0;
        }
        Map<Long, Integer> flying = new HashMap<>();
        inFlight.forEach((id, count) -> flying.put(id, count.get()));
        String lease = UUID.randomUUID().toString();
        Claim claim = new Claim(lease, instance, now, now.plus(config.webhooks().lease()), free,
                config.webhooks().maxConcurrencyPerEndpoint(), flying);
        List<ClaimedDelivery> claimed = storage.write(s -> s.webhooks().claim(claim));
        for (ClaimedDelivery delivery : claimed) {
            slots.acquireUninterruptibly();
            inFlight.computeIfAbsent(delivery.webhook().id(), id -> new AtomicInteger()).incrementAndGet();
            attempt(delivery, lease);
        }
        return claimed.size();
    }

    private void attempt(ClaimedDelivery delivery, String lease) {
        Instant attemptedAt = Instant.now();
        try {
            String body = WebhookPayloads.body(json, delivery.event());
            WebhookTargets.Target target = targets.resolve(delivery.webhook().definition().url());
            Map<String, String> headers = new LinkedHashMap<>(
                    json.readValue(delivery.webhook().definition().headersJson(), HEADERS));
            Instant timestamp = attemptedAt.truncatedTo(ChronoUnit.SECONDS);
            headers.put("content-type", "application/json");
            headers.put("user-agent", "Quire-Webhooks");
            headers.put("webhook-id", delivery.messageId());
            headers.put("webhook-timestamp", Long.toString(timestamp.getEpochSecond()));
            headers.put("webhook-signature",
                    WebhookSecrets.signature(delivery.webhook(), delivery.messageId(), timestamp, body, attemptedAt));
            sender.post(target, headers, body).whenCompleteAsync((result, e) -> record(delivery, lease, attemptedAt,
                    e == null ? result : new WebhookSender.Result(null, null, null, String.valueOf(e), 0)), recorder);
        } catch (WebhookTargets.Refused e) {
            recorder.execute(() -> record(delivery, lease, attemptedAt,
                    new WebhookSender.Result(null, null, null, "refused: " + e.getMessage(), 0)));
        } catch (java.io.IOException | RuntimeException e) {
            recorder.execute(() -> record(delivery, lease, attemptedAt,
                    new WebhookSender.Result(null, null, null, "could not prepare the request: " + e, 0)));
        }
    }

    private void record(ClaimedDelivery delivery, String lease, Instant attemptedAt, WebhookSender.Result result) {
        try {
            Instant now = Instant.now();
            String status;
            Instant next = null;
            String outcome;
            boolean gone = Integer.valueOf(410).equals(result.status());
            if (result.succeeded()) {
                status = "succeeded";
                outcome = "succeeded";
            } else if (gone) {
                status = "failed";
                outcome = "gone";
            } else if (delivery.attempt() > config.webhooks().retrySchedule().size()) {
                status = "failed";
                outcome = "dead-lettered";
            } else {
                status = "pending";
                outcome = "retrying";
                next = now.plus(retryDelay(delivery.attempt(), result));
            }
            NewAttempt attempt = new NewAttempt(attemptedAt, result.status(), result.latencyMillis(),
                    result.response(), result.error(), instance);
            String finalStatus = status;
            Instant nextAttemptAt = next;
            storage.write(s -> {
                boolean held = s.webhooks().finish(delivery.deliveryId(), lease, attempt, finalStatus, nextAttemptAt);
                if (gone) {
                    s.webhooks().disable(delivery.webhook().id(), "the receiver answered 410 Gone at " + now, now);
                }
                return held;
            });
            Counter.builder("quire.webhook.deliveries").description("Webhook delivery attempts by outcome")
                    .tag("outcome", outcome).register(registry).increment();
            Timer.builder("quire.webhook.attempt").description("Duration of webhook delivery attempts")
                    .tag("result", result.succeeded() ? "success" : "failure").register(registry)
                    .record(Duration.ofMillis(result.latencyMillis()));
            if (!result.succeeded()) {
                LOG.debugf("Webhook delivery %d (%s) attempt %d: %s", delivery.deliveryId(), delivery.messageId(),
                        delivery.attempt(), result.error() != null ? result.error() : "HTTP " + result.status());
            }
            if (gone) {
                LOG.warnf("Webhook %d answered 410 Gone; it is now disabled", delivery.webhook().id());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not record the attempt of webhook delivery %d (%s); it is retried when its lease expires",
                    delivery.deliveryId(), e.toString());
        } finally {
            inFlight.get(delivery.webhook().id()).decrementAndGet();
            slots.release();
            pollSoonIfBusy();
        }
    }

    /**
     * While there is a backlog, a finished attempt frees a slot that the next claim can fill at once, rather than at
     * the next poll interval; requests for a poll are coalesced so that at most one waits.
     */
    private void pollSoonIfBusy() {
        if (busy && !stopping && pollQueued.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    pollQueued.set(false);
                    poll();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pollQueued.set(false);
            }
        }
    }

    /** The schedule's delay for this attempt with ±20 % jitter, and never less than a 429 or 503's Retry-After. */
    Duration retryDelay(int attempt, WebhookSender.Result result) {
        Duration base = config.webhooks().retrySchedule().get(attempt - 1);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        Duration delay = Duration.ofMillis((long) (base.toMillis() * jitter));
        if (result.status() != null && (result.status() == 429 || result.status() == 503)) {
            Duration asked = retryAfter(result.retryAfter());
            if (asked != null && asked.compareTo(delay) > 0) {
                delay = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            }
        }
        return delay;
    }

    /** A Retry-After header's delay: seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Duration.between(Instant.now(), at).isNegative()
                        ? Duration.ZERO
                        : Duration.between(Instant.now(), at);
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
