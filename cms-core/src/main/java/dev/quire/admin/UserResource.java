package dev.quire.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
import dev.quire.security.Passwords;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.security.Roles;
import dev.quire.storage.spi.AdminUserRecord;
import dev.quire.storage.spi.NewAdminUser;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageSession;

/** {@code /admin/users}: admin users, for callers with the users-roles area (super-admins by default). */
@Path("/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,190}\\.[^\\s@]{1,63}");

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    @GET
    public Map<String, Object> list() {
        caller.access().require(AdminArea.USERS_ROLES);
        return Map.of("data", storage.read(s -> s.accounts().listUsers()).stream().map(AuthResource::view).toList());
    }

    /** The current user; any admin user may read themselves. */
    @GET
    @Path("me")
    public Map<String, Object> me() {
        long id = caller.userId();
        return Map.of("data", AuthResource.view(storage.read(s -> s.accounts().findUser(id))
                .orElseThrow(() -> ApiError.unauthorized("Missing or invalid credentials"))));
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") long id) {
        caller.access().require(AdminArea.USERS_ROLES);
        return Map.of("data", AuthResource.view(storage.read(s -> s.accounts().findUser(id))
                .orElseThrow(() -> ApiError.notFound("User not found"))));
    }

    @POST
    public Response create(JsonNode body) {
        caller.access().require(AdminArea.USERS_ROLES);
        String email = text(body, "email", true);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiError.validation(List.of(Problem.at("email", "email must be an email address")));
        }
        String password = text(body, "password", true);
        checkPassword(password);
        String role = text(body, "role", true);
        String hash = Passwords.hash(password);
        Instant now = now();
        var access = caller.access();
        AdminUserRecord user = storage.write(s -> {
            requireRole(s, role);
            AdminUserRecord created = s.accounts().createUser(new NewAdminUser(email, hash,
                    text(body, "firstname", false), text(body, "lastname", false), role, now));
            s.audit().append(access.audit("user.create", "user/" + created.id(), "success", now));
            return created;
        });
        return Response.status(201).entity(Map.of("data", AuthResource.view(user))).build();
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("id") long id, JsonNode body) {
        caller.access().require(AdminArea.USERS_ROLES);
        String password = text(body, "password", false);
        if (password != null) {
            checkPassword(password);
        }
        String hash = password == null ? null : Passwords.hash(password);
        Instant now = now();
        var access = caller.access();
        AdminUserRecord user = storage.write(s -> {
            AdminUserRecord current = s.accounts().findUser(id)
                    .orElseThrow(() -> ApiError.notFound("User not found"));
            String role = body.has("role") ? text(body, "role", true) : current.role();
            boolean active = body.has("isActive") ? bool(body, "isActive") : current.active();
            requireRole(s, role);
            boolean losesSuperAdmin = current.role().equals(Roles.SUPER_ADMIN) && current.active()
                    && (!role.equals(Roles.SUPER_ADMIN) || !active);
            if (losesSuperAdmin && s.accounts().countActiveUsersWithRole(Roles.SUPER_ADMIN) <= 1) {
                throw ApiError.conflict("This is the last active super-admin");
            }
            s.audit().append(access.audit("user.update", "user/" + id, "success", now));
            return s.accounts().updateUser(id, body.has("firstname")
                    ? text(body, "firstname", false)
                    : current.firstname(), body.has("lastname") ? text(body, "lastname", false) : current.lastname(),
                    role, active, hash, now);
        });
        return Map.of("data", AuthResource.view(user));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        caller.access().require(AdminArea.USERS_ROLES);
        if (id == caller.userId()) {
            throw ApiError.conflict("You cannot delete yourself");
        }
        var access = caller.access();
        Instant now = now();
        storage.write(s -> {
            AdminUserRecord current = s.accounts().findUser(id)
                    .orElseThrow(() -> ApiError.notFound("User not found"));
            s.audit().append(access.audit("user.delete", "user/" + id, "success", now));
            if (current.role().equals(Roles.SUPER_ADMIN) && current.active()
                    && s.accounts().countActiveUsersWithRole(Roles.SUPER_ADMIN) <= 1) {
                throw ApiError.conflict("This is the last active super-admin");
            }
            return s.accounts().deleteUser(id);
        });
        return Response.noContent().build();
    }

    private static void requireRole(StorageSession s, String role) {
        if (role.equals(Roles.PUBLIC) || s.roles().find(role).isEmpty()) {
            throw ApiError.validation(List.of(Problem.at("role", "There is no admin role " + role)));
        }
    }

    private static void checkPassword(String password) {
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            throw ApiError.validation(List.of(Problem.at("password", weakness)));
        }
    }

    static String text(JsonNode body, String key, boolean required) {
        if (body == null || !body.isObject()) {
            throw ApiError.validation("The request body must be a JSON object");
        }
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiError.validation(List.of(Problem.at(key, key + " must be defined.")));
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().length() > 255) {
            throw ApiError.validation(List.of(Problem.at(key, key + " must be a string of at most 255 characters")));
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode body, String key) {
        if (!body.get(key).isBoolean()) {
            throw ApiError.validation(List.of(Problem.at(key, key + " must be true or false")));
        }
        return body.get(key).booleanValue();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
