package dev.quire.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.quire.storage.spi.Storage;

/**
 * Ready only while the selected database answers a query and, on SQLite, while the write queue is not saturated (its
 * oldest write has waited less than half of {@code cms.storage.sqlite.write-timeout}), so that a load balancer sends
 * traffic elsewhere before writes start being refused.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    @Inject
    Storage storage;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("storage").withData("kind", storage.kind());
        if (!storage.isReachable()) {
            return response.down().withData("reason", "the database does not answer").build();
        }
        Storage.WriteQueueStatus queue = storage.writeQueue().orElse(null);
        if (queue == null) {
            return response.up().build();
        }
        response.withData("writeQueueDepth", queue.depth()).withData("oldestWriteWaitMillis",
                queue.oldestWait().toMillis());
        return queue.saturated()
                ? response.down().withData("reason", "the write queue is saturated").build()
                : response.up().build();
    }
}
