package dev.quire.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the first admin that start-up creates is still being hashed and stored (see {@link AdminBootstrap}),
 * so that a client which waits for readiness before it logs in never races it.
 */
@Readiness
@ApplicationScoped
public class FirstAdminReadiness implements HealthCheck {

    @Inject
    AdminBootstrap bootstrap;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("first-admin");
        return bootstrap.firstAdminPending()
                ? response.down().withData("reason", "the first admin is being created")
                        .build()
                : response.up().build();
    }
}
