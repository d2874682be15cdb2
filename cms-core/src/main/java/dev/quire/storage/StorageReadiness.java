package dev.quire.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.quire.storage.spi.Storage;

/** Ready only while the selected database answers a query. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

    @Inject
    Storage storage;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("storage").status(storage.isReachable()).withData("kind", storage.kind())
                .build();
    }
}
