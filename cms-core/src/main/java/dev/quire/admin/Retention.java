package dev.quire.admin;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import dev.quire.CmsConfig;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageException;

/**
 * Deletes audit entries older than {@code cms.audit.retention}, every hour, a thousand at a time in separate short
 * transactions so that it never holds SQLite's write lock for long. Deleting is idempotent, so every instance may run
 * it; the job runner will later record each run.
 */
@ApplicationScoped
public class AuditRetention {

    static final int BATCH = 1000;
    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        try {
            int deleted = deleteExpired(Instant.now());
            if (deleted > 0) {
                LOG.infof("Audit retention deleted %d entries older than %s", deleted, config.audit().retention());
            }
        } catch (StorageException e) {
            LOG.warn("Audit retention could not run; it will try again in an hour", e);
        }
    }

    /** Deletes every entry older than the retention at {@code now}; @return how many */
    public int deleteExpired(Instant now) {
        Instant before = now.minus(config.audit().retention());
        int total = 0;
        int deleted;
        do {
            deleted = storage.write(s -> s.audit().deleteOlderThan(before, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
