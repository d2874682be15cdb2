package dev.quire.security;

import jakarta.enterprise.context.RequestScoped;

/** Who sent the current request, set by {@link BearerAuthentication} once the token checked out. */
@RequestScoped
public class Caller {

    private Long userId;
    private String email;
    private String role;
    private String tokenHash;

    void authenticate(long userId, String email, String role, String tokenHash) {
        this.userId = userId;
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
    }

    public boolean isAuthenticated() {
        return userId != null;
    }

    public long userId() {
        return userId;
    }

    public String email() {
        return email;
    }

    public String role() {
        return role;
    }

    public String tokenHashForLogout() {
        return tokenHash;
    }
}
