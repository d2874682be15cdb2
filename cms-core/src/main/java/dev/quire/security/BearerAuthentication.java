package dev.quire.security;

import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.quire.api.ApiError;
import dev.quire.api.ErrorResponses;
import dev.quire.storage.spi.AdminUserRecord;
import dev.quire.storage.spi.Storage;

/**
 * Every {@code /admin} route except login, and every content API route, needs {@code Authorization: Bearer <token>} of
 * an unexpired admin session. Until API tokens exist, the content API accepts the same admin tokens.
 */
public class BearerAuthentication {

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    /**
     * Before routing and content negotiation, so that a request without credentials gets 401 whatever else is wrong
     * with it. Checks only the header's presence: no database work on the I/O thread.
     */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireBearer(ContainerRequestContext request) {
        if (requiresToken(request.getUriInfo().getPath(), request.getMethod())
                && bearerToken(request.getHeaderString("Authorization")) == null) {
            return Optional.of(ErrorResponses.response(ApiError.unauthorized("Missing or invalid credentials")));
        }
        return Optional.empty();
    }

    /** After routing, on the worker thread: the token must belong to an unexpired session of an active user. */
    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!requiresToken(request.getUriInfo().getPath(), request.getMethod())) {
            return Optional.empty();
        }
        String token = bearerToken(request.getHeaderString("Authorization"));
        if (token == null) {
            return Optional.of(ErrorResponses.response(ApiError.unauthorized("Missing or invalid credentials")));
        }
        String hash = SessionTokens.hash(token);
        Optional<AdminUserRecord> user = storage.read(s -> s.accounts().findSessionUser(hash, Instant.now()));
        if (user.isEmpty()) {
            return Optional.of(ErrorResponses.response(ApiError.unauthorized("Missing or invalid credentials")));
        }
        caller.authenticate(user.get().id(), user.get().email(), user.get().role(), hash);
        return Optional.empty();
    }

    private static String bearerToken(String header) {
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * Deny by default: every path needs a token except login and Quarkus's own {@code /q/} endpoints (health for
     * probes, and the Dev UI in dev), so a route added later cannot be left open by forgetting it here.
     */
    static boolean requiresToken(String path, String method) {
        if (path.equals("/admin/login") && method.equals("POST")) {
            return false;
        }
        return !path.startsWith("/q/");
    }
}
