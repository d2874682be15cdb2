package dev.quire.admin;

import java.time.Instant;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.quire.CmsConfig;
import dev.quire.storage.spi.Storage;

/**
 * The retention job: deletes audit entries older than {@code cms.audit.retention}; webhook deliveries that succeeded or
 * were dead-lettered longer ago than {@code cms.webhooks.retention}, with the events no delivery needs any more; job
 * runs older than {@code cms.jobs.run-retention}; and admin sessions and API tokens that ended longer ago than
 * {@code cms.security.ended-token-retention}. A thousand rows at a time, in separate short transactions, so that it
 * never holds SQLite's write lock for long.
 */
@ApplicationScoped
public class Retention {

    static final int BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    /** One run of the job; @return what it deleted */
    public String run(Instant tick) {
        return runAt(Instant.now());
    }

    /** Deletes what is older than its retention at {@code now}; @return what it deleted */
    public String runAt(Instant now) {
        int audit = deleteExpiredAudit(now);
        int deliveries = deleteExpiredDeliveries(now);
        Instant runsBefore = now.minus(config.jobs().runRetention());
        int runs = inBatches(() -> storage.write(s -> s.jobs().deleteFinishedBefore(runsBefore, BATCH)));
        Instant endedBefore = now.minus(config.security().endedTokenRetention());
        int tokens = inBatches(() -> storage.write(s -> s.accounts().deleteSessionsExpiredBefore(endedBefore, BATCH)))
                + inBatches(() -> storage.write(s -> s.apiTokens().deleteEndedBefore(endedBefore, BATCH)));
        String summary = "deleted " + audit + " audit entries, " + deliveries + " webhook deliveries and events, "
                + runs
                + " job runs, " + tokens + " ended sessions and tokens";
        if (audit + deliveries + runs + tokens > 0) {
            LOG.info("Retention " + summary);
        }
        return summary;
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
