package dev.quire.security;

import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.core.http.HttpServerRequest;

import dev.quire.api.ApiError;
import dev.quire.api.ErrorResponses;

/**
 * Authentication, deny by default. {@code /admin} routes except login need an admin user's session token; the content
 * API ({@code /api}) takes a session token, an API token ({@code qat_…}) or nothing, in which case the {@code public}
 * role's permissions apply; every other route except {@code /q/*} needs a token. What the caller may then do is checked
 * where the route knows the content type or admin area ({@link Access#require}).
 */
public class BearerAuthentication {

    @Inject
    AccessCache accessCache;

    @Inject
    TokenHasher hasher;

    @Inject
    Caller caller;

    @Inject
    ApiTokens apiTokens;

    /**
     * Before routing and content negotiation, so that a request without credentials gets 401 whatever else is wrong
     * with it. Checks only the header's presence: no database work on the I/O thread.
     */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireBearer(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (requiresToken(path, request.getMethod()) && !isContentApi(path)
                && bearerToken(request.getHeaderString("Authorization")) == null) {
            return Optional.of(unauthorized());
        }
        return Optional.empty();
    }

    /** After routing, on the worker thread: resolve the credentials to an {@link Access}. */
    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request, HttpServerRequest connection) {
        String path = request.getUriInfo().getPath();
        String address = connection.remoteAddress() == null ? null : connection.remoteAddress().hostAddress();
        if (!requiresToken(path, request.getMethod())) {
            return Optional.empty();
        }
        String token = bearerToken(request.getHeaderString("Authorization"));
        if (token == null) {
            if (!isContentApi(path)) {
                return Optional.of(unauthorized());
            }
            caller.set(Access.anonymous(accessCache.permissionsOf(Roles.PUBLIC), address), null);
            return Optional.empty();
        }
        if (token.startsWith(ApiTokens.PREFIX)) {
            Optional<Access> access = apiTokens.authenticate(token, address);
            if (access.isEmpty()) {
                return Optional.of(unauthorized());
            }
            if (!isContentApi(path)) {
                return Optional.of(ErrorResponses.response(ApiError.forbidden("API tokens are for the content API")));
            }
            caller.set(access.get(), null);
            return Optional.empty();
        }
        String hash = hasher.hash(token);
        Optional<Access> access = accessCache.session(hash, Instant.now())
                .map(g -> new Access("user", g.id(), g.label(), g.permissions(), address));
        if (access.isEmpty()) {
            return Optional.of(unauthorized());
        }
        caller.set(access.get(), hash);
        return Optional.empty();
    }

    private static Response unauthorized() {
        return ErrorResponses.response(ApiError.unauthorized("Missing or invalid credentials"));
    }

    private static String bearerToken(String header) {
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static boolean isContentApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Deny by default: every path needs credentials except login and Quarkus's own {@code /q/} endpoints. */
    static boolean requiresToken(String path, String method) {
        if (path.equals("/admin/login") && method.equals("POST")) {
            return false;
        }
        return !path.startsWith("/q/");
    }
}
