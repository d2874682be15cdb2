package dev.quire.admin;

import java.time.Instant;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.quire.CmsConfig;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageException;

/**
 * Deletes, every hour, audit entries older than {@code cms.audit.retention}, and webhook deliveries that succeeded or
 * were dead-lettered longer ago than {@code cms.webhooks.retention} together with the events no delivery needs any
 * more. A thousand rows at a time, in separate short transactions, so that it never holds SQLite's write lock for long.
 * Deleting is idempotent, so every instance may run it; the job runner will later record each run.
 */
@ApplicationScoped
public class Retention {

    static final int BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        try {
            Instant now = Instant.now();
            int audit = deleteExpiredAudit(now);
            int deliveries = deleteExpiredDeliveries(now);
            if (audit + deliveries > 0) {
                LOG.infof("Retention deleted %d audit entries older than %s and %d webhook deliveries and events older"
                        + " than %s", audit, config.audit().retention(), deliveries, config.webhooks().retention());
            }
        } catch (StorageException e) {
            LOG.warn("Retention could not run; it will try again in an hour", e);
        }
    }

    /** Deletes every audit entry older than the retention at {@code now}; @return how many */
    public int deleteExpiredAudit(Instant now) {
        Instant before = now.minus(config.audit().retention());
        return inBatches(() -> storage.write(s -> s.audit().deleteOlderThan(before, BATCH)));
    }

    /**
     * Deletes completed deliveries, then unreferenced events, older than the retention at {@code now}; @return how many
     */
    public int deleteExpiredDeliveries(Instant now) {
        Instant before = now.minus(config.webhooks().retention());
        return inBatches(() -> storage.write(s -> s.webhooks().deleteCompletedBefore(before, BATCH)))
                + inBatches(() -> storage.write(s -> s.webhooks().deleteEventsBefore(before, BATCH)));
    }

    private static int inBatches(IntSupplier batch) {
        int total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
