package dev.quire.security;

import java.time.Instant;

import dev.quire.api.ApiError;
import dev.quire.storage.spi.AuditStore.AuditEntry;

/**
 * Who is calling and what they may do, fixed for one request. Immutable, so it can travel into units of work that run
 * on the storage's writer thread, where request-scoped beans are not available.
 *
 * @param kind
 *            {@code user}, {@code api-token} or {@code public} (no credentials)
 * @param id
 *            the user's or token's id, 0 for public
 * @param label
 *            an email or a token name, for logs and audit
 * @param address
 *            the client's address, for the audit log
 */
public record Access(String kind, long id, String label, Permissions permissions, String address) {

    public static Access anonymous(Permissions publicRole, String address) {
        return new Access("public", 0, "public", publicRole, address);
    }

    public boolean isAnonymous() {
        return kind.equals("public");
    }

    /** An audit entry for an action this caller took. */
    public AuditEntry audit(String action, String target, String outcome, Instant at) {
        return new AuditEntry(at, kind, id, label, action, target, address, outcome);
    }

    /**
     * @throws ApiError
     *             401 for an anonymous caller, 403 for an authenticated one, unless the action is allowed
     */
    public void require(String contentType, Permissions.Action action) {
        if (!permissions.allows(contentType, action)) {
            throw denied(action.name() + " on " + contentType);
        }
    }

    public void require(Permissions.AdminArea area) {
        if (!kind.equals("user") || !permissions.allows(area)) {
            throw denied("the " + area.wireName() + " area");
        }
    }

    private ApiError denied(String what) {
        return isAnonymous()
                ? ApiError.unauthorized("Missing or invalid credentials")
                : ApiError.forbidden("Forbidden: no permission for " + what);
    }
}
