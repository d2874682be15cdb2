package dev.quire.security;

import jakarta.enterprise.context.RequestScoped;

import dev.quire.api.ApiError;

/** Who sent the current request, set by {@link BearerAuthentication}. */
@RequestScoped
public class Caller {

    private Access access;
    private String sessionTokenHash;

    void set(Access access, String sessionTokenHash) {
        this.access = access;
        this.sessionTokenHash = sessionTokenHash;
    }

    /** The caller's access; never null on routes behind the authentication filter. */
    public Access access() {
        if (access == null) {
            throw ApiError.unauthorized("Missing or invalid credentials");
        }
        return access;
    }

    /** The caller's access if authentication ran, else null (for routes outside it, such as login). */
    public Access accessOrNull() {
        return access;
    }

    /** An admin user's session token hash, for logout. */
    public String sessionTokenHash() {
        if (sessionTokenHash == null) {
            throw ApiError.forbidden("Only an admin user's session can log out");
        }
        return sessionTokenHash;
    }

    /** Admin users only: API tokens and anonymous callers get 403 or 401. */
    public void requireUser() {
        userId();
    }

    /** The admin user's id. */
    public long userId() {
        Access a = access();
        if (!a.kind().equals("user")) {
            throw ApiError.forbidden("Only admin users may do this");
        }
        return a.id();
    }
}
