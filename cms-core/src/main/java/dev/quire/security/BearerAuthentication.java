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

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!requiresToken(path, request.getMethod())) {
            return Optional.empty();
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Optional.of(ErrorResponses.response(ApiError.unauthorized("Missing or invalid credentials")));
        }
        String hash = SessionTokens.hash(header.substring(7).trim());
        Optional<AdminUserRecord> user = storage.read(s -> s.accounts().findSessionUser(hash, Instant.now()));
        if (user.isEmpty()) {
            return Optional.of(ErrorResponses.response(ApiError.unauthorized("Missing or invalid credentials")));
        }
        caller.authenticate(user.get().id(), user.get().email(), user.get().role(), hash);
        return Optional.empty();
    }

    static boolean requiresToken(String path, String method) {
        if (path.equals("/admin/login") && method.equals("POST")) {
            return false;
        }
        return path.equals("/admin") || path.startsWith("/admin/") || path.equals("/api") || path.startsWith("/api/");
    }
}
