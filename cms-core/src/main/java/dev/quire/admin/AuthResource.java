package dev.quire.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.http.HttpServerRequest;

import dev.quire.CmsConfig;
import dev.quire.api.ApiError;
import dev.quire.security.Caller;
import dev.quire.security.LoginThrottle;
import dev.quire.security.Passwords;
import dev.quire.security.SessionTokens;
import dev.quire.security.TokenHasher;
import dev.quire.security.TooManyAttempts;
import dev.quire.storage.spi.AdminUserRecord;
import dev.quire.storage.spi.AuditStore.AuditEntry;
import dev.quire.storage.spi.Storage;

/** Admin login, logout and the current user, in the shape of Strapi's {@code /admin/login}. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    Storage storage;

    @Inject
    TokenHasher hasher;

    @Inject
    Caller caller;

    @Inject
    CmsConfig config;

    @Inject
    LoginThrottle throttle;

    @Inject
    AdminBootstrap bootstrap;

    @POST
    @Path("login")
    public Map<String, Object> login(JsonNode body, @Context HttpServerRequest connection) {
        if (body == null || !body.path("email").isTextual() || !body.path("password").isTextual()) {
            throw ApiError.validation("email and password are required strings");
        }
        String email = body.get("email").textValue();
        String address = connection.remoteAddress() == null ? null : connection.remoteAddress().hostAddress();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Duration wait = throttle.waitBefore(email, address, now);
        if (!wait.isZero()) {
            throw new TooManyAttempts(wait);
        }
        bootstrap.awaitFirstAdmin();
        Optional<AdminUserRecord> user = storage.read(s -> s.accounts().findUserByEmail(email));
        boolean valid = Passwords.verify(body.get("password").textValue(), user.map(AdminUserRecord::passwordHash)
                .orElse(null));
        long userId = user.map(AdminUserRecord::id).orElse(0L);
        if (!valid || !user.get().active()) {
            throttle.failed(email, address, now);
            storage.write(s -> {
                s.audit().append(new AuditEntry(now, "user", userId, email, "admin.login", null, address, "denied"));
                return null;
            });
            throw ApiError.unauthorized("Invalid credentials");
        }
        throttle.succeeded(email);
        String token = SessionTokens.newToken();
        Instant expires = now.plus(config.admin().sessionTtl());
        storage.write(s -> {
            s.accounts().createSession(hasher.hash(token), userId, now, expires);
            s.audit().append(new AuditEntry(now, "user", userId, user.get().email(), "admin.login", null, address,
                    "success"));
            return null;
        });
        return Map.of("data", Map.of("token", token, "expiresAt", expires.toString(), "user", view(user.get())));
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.WILDCARD)
    public Response logout() {
        String hash = caller.sessionTokenHash();
        var access = caller.access();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        storage.write(s -> {
            s.audit().append(access.audit("admin.logout", null, "success", now));
            return s.accounts().deleteSession(hash);
        });
        return Response.noContent().build();
    }

    static Map<String, Object> view(AdminUserRecord user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id());
        view.put("email", user.email());
        view.put("firstname", user.firstname());
        view.put("lastname", user.lastname());
        view.put("role", user.role());
        view.put("isActive", user.active());
        view.put("createdAt", user.createdAt().toString());
        return view;
    }
}
