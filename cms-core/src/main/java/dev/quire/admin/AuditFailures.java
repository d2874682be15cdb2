package dev.quire.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.quire.security.Access;
import dev.quire.security.Caller;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageException;

/**
 * Records writes that did not happen: a refused or failed write by an authenticated caller gets an audit entry of its
 * own, since the transaction it would have shared was rolled back. Requests without credentials are not recorded, so
 * that an anonymous flood cannot turn into database writes.
 */
public class AuditFailures {

    private static final Logger LOG = Logger.getLogger(AuditFailures.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE", "PATCH");

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        String path = request.getUriInfo().getPath();
        Access access = caller.accessOrNull();
        if (status < 400 || !WRITES.contains(request.getMethod()) || access == null || access.isAnonymous()
                || path.equals("/admin/login")) {
            return;
        }
        String outcome = status == 401 || status == 403 ? "denied" : "failure";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            storage.write(s -> {
                s.audit().append(access.audit(request.getMethod() + " " + path, null, outcome, now));
                return null;
            });
        } catch (StorageException e) {
            LOG.warnf("could not record a %s %s by %s in the audit log", outcome, path, access.label());
        }
    }
}
