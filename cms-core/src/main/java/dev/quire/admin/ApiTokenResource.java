package dev.quire.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.security.ApiTokens;
import dev.quire.security.Caller;
import dev.quire.security.Permissions;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.security.Roles;
import dev.quire.security.TokenHasher;
import dev.quire.storage.spi.ApiTokenStore.ApiTokenRecord;
import dev.quire.storage.spi.ApiTokenStore.NewApiToken;
import dev.quire.storage.spi.Storage;

/**
 * {@code /admin/api-tokens}: tokens for the content API, {@code read-only}, {@code full-access} or {@code custom}
 * (actions per content type), living 7, 30 or 90 days or without end. The secret ({@code accessKey}) is shown only in
 * the response that creates or regenerates it; only its hash is stored.
 */
@Path("/admin/api-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiTokenResource {

    private static final Set<String> TYPES = Set.of("read-only", "full-access", "custom");
    private static final Set<Integer> LIFESPANS = Set.of(7, 30, 90);

    @Inject
    Storage storage;

    @Inject
    TokenHasher hasher;

    @Inject
    Caller caller;

    @Inject
    Roles roles;

    @Inject
    ApiTokens apiTokens;

    @GET
    public Map<String, Object> list() {
        caller.access().require(AdminArea.API_TOKENS);
        return Map.of("data", storage.read(s -> s.apiTokens().list()).stream().map(t -> view(t, null)).toList());
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") long id) {
        caller.access().require(AdminArea.API_TOKENS);
        return Map.of("data", view(storage.read(s -> s.apiTokens().find(id)).orElseThrow(ApiTokenResource::notFound),
                null));
    }

    @POST
    public Response create(JsonNode body) {
        caller.access().require(AdminArea.API_TOKENS);
        String name = UserResource.text(body, "name", true);
        String type = UserResource.text(body, "type", true);
        if (!TYPES.contains(type)) {
            throw ApiError.validation(List.of(Problem.at("type", "type must be read-only, full-access or custom")));
        }
        Permissions permissions = type.equals("custom")
                ? Permissions.parse(body.get("permissions"), "permissions")
                : Permissions.NONE;
        if (!permissions.admin().isEmpty()) {
            throw ApiError.validation(List.of(Problem.at("permissions", "API tokens cannot have admin areas")));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = lifespan(body, now);
        String secret = ApiTokens.newSecret();
        String description = UserResource.text(body, "description", false);
        var access = caller.access();
        ApiTokenRecord token = storage.write(s -> {
            ApiTokenRecord created = s.apiTokens().create(new NewApiToken(name, description == null
                    ? ""
                    : description, type, roles.write(permissions), hasher.hash(secret), now, expires));
            s.audit().append(access.audit("api-token.create", "api-token/" + created.id(), "success", now));
            return created;
        });
        return Response.status(201).entity(Map.of("data", view(token, secret))).build();
    }

    @POST
    @Path("{id}/regenerate")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> regenerate(@PathParam("id") long id) {
        caller.access().require(AdminArea.API_TOKENS);
        String secret = ApiTokens.newSecret();
        var access = caller.access();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ApiTokenRecord token = storage.write(s -> {
            ApiTokenRecord current = s.apiTokens().find(id).orElseThrow(ApiTokenResource::notFound);
            s.audit().append(access.audit("api-token.regenerate", "api-token/" + id, "success", now));
            if (current.revokedAt() != null) {
                throw ApiError.conflict("A revoked token cannot be regenerated");
            }
            return s.apiTokens().replaceHash(id, hasher.hash(secret));
        });
        return Map.of("data", view(token, secret));
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") long id) {
        caller.access().require(AdminArea.API_TOKENS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var access = caller.access();
        storage.write(s -> {
            s.apiTokens().find(id).orElseThrow(ApiTokenResource::notFound);
            s.audit().append(access.audit("api-token.revoke", "api-token/" + id, "success", now));
            return s.apiTokens().revoke(id, now);
        });
        return Response.noContent().build();
    }

    private static Instant lifespan(JsonNode body, Instant now) {
        JsonNode days = body.get("lifespan");
        if (days == null || days.isNull()) {
            return null;
        }
        if (!days.canConvertToInt() || !LIFESPANS.contains(days.intValue())) {
            throw ApiError.validation(List.of(Problem.at("lifespan", "lifespan must be 7, 30 or 90 (days) or null")));
        }
        return now.plus(Duration.ofDays(days.intValue()));
    }

    private Map<String, Object> view(ApiTokenRecord t, String secret) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put("name", t.name());
        view.put("description", t.description());
        view.put("type", t.type());
        view.put("permissions", apiTokens.permissions(t).toJson());
        view.put("createdAt", t.createdAt().toString());
        view.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        view.put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        view.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        if (secret != null) {
            view.put("accessKey", secret);
        }
        return view;
    }

    private static ApiError notFound() {
        return ApiError.notFound("API token not found");
    }
}
