package dev.quire.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.security.Caller;
import dev.quire.security.Permissions;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.security.Roles;
import dev.quire.storage.spi.RoleStore.RoleRecord;
import dev.quire.storage.spi.Storage;

/**
 * {@code /admin/roles}: roles and their permissions. The {@code public} role sets what requests without credentials may
 * do. {@code super-admin} always has every permission and cannot be changed; built-in roles cannot be deleted.
 */
@Path("/admin/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{1,49}");

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    @Inject
    Roles roles;

    @GET
    public Map<String, Object> list() {
        caller.access().require(AdminArea.USERS_ROLES);
        return Map.of("data", storage.read(s -> s.roles().list()).stream().map(this::view).toList());
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        caller.access().require(AdminArea.USERS_ROLES);
        return Map.of("data", view(storage.read(s -> s.roles().find(name)).orElseThrow(RoleResource::notFound)));
    }

    @POST
    public Response create(JsonNode body) {
        caller.access().require(AdminArea.USERS_ROLES);
        String name = UserResource.text(body, "name", true);
        if (!NAME.matcher(name).matches()) {
            throw ApiError.validation(List.of(Problem.at("name", "name must be kebab-case, 2 to 50 characters")));
        }
        String permissions = roles.write(Permissions.parse(body.get("permissions"), "permissions"));
        String description = description(body);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var access = caller.access();
        RoleRecord role = storage.write(s -> {
            s.audit().append(access.audit("role.create", "role/" + name, "success", now));
            return s.roles().create(name, description, permissions, false, now);
        });
        return Response.status(201).entity(Map.of("data", view(role))).build();
    }

    @PUT
    @Path("{name}")
    public Map<String, Object> update(@PathParam("name") String name, JsonNode body) {
        caller.access().require(AdminArea.USERS_ROLES);
        if (name.equals(Roles.SUPER_ADMIN)) {
            throw ApiError.validation("super-admin always has every permission");
        }
        String permissions = roles.write(Permissions.parse(body.get("permissions"), "permissions"));
        String description = description(body);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var access = caller.access();
        RoleRecord role = storage.write(s -> {
            s.roles().find(name).orElseThrow(RoleResource::notFound);
            s.audit().append(access.audit("role.update", "role/" + name, "success", now));
            return s.roles().update(name, description, permissions, now);
        });
        return Map.of("data", view(role));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        caller.access().require(AdminArea.USERS_ROLES);
        var access = caller.access();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        storage.write(s -> {
            RoleRecord role = s.roles().find(name).orElseThrow(RoleResource::notFound);
            s.audit().append(access.audit("role.delete", "role/" + name, "success", now));
            if (role.builtIn()) {
                throw ApiError.conflict("Built-in roles cannot be deleted");
            }
            if (s.accounts().listUsers().stream().anyMatch(u -> u.role().equals(name))) {
                throw ApiError.conflict("Users still have the role " + name);
            }
            return s.roles().delete(name);
        });
        return Response.noContent().build();
    }

    private static String description(JsonNode body) {
        String description = UserResource.text(body, "description", false);
        return description == null ? "" : description;
    }

    private Map<String, Object> view(RoleRecord role) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", role.name());
        view.put("description", role.description());
        view.put("builtIn", role.builtIn());
        view.put("permissions", (role.name().equals(Roles.SUPER_ADMIN)
                ? Permissions.EVERYTHING
                : roles.permissions(role)).toJson());
        return view;
    }

    private static ApiError notFound() {
        return ApiError.notFound("Role not found");
    }
}
