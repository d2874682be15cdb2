package dev.quire.security;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

import dev.quire.storage.spi.NameTaken;
import dev.quire.storage.spi.RoleStore.RoleRecord;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageSession;

/**
 * Roles and what they allow. The built-in roles exist from the first start: {@code super-admin} (everything, not
 * editable), {@code editor} (all content, no settings), {@code viewer} (read content) and {@code public} (what requests
 * without credentials may do; nothing until granted).
 */
@ApplicationScoped
public class Roles {

    public static final String SUPER_ADMIN = "super-admin";
    public static final String PUBLIC = "public";
    static final Map<String, Permissions> BUILT_IN = Map.of(SUPER_ADMIN, Permissions.EVERYTHING, "editor",
            Permissions.ALL_CONTENT, "viewer", Permissions.READ_CONTENT, PUBLIC, Permissions.NONE);

    @Inject
    Storage storage;

    @Inject
    ObjectMapper json;

    void createBuiltIns(@Observes @Priority(150) StartupEvent event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        BUILT_IN.forEach((name, permissions) -> {
            if (storage.read(s -> s.roles().find(name)).isEmpty()) {
                try {
                    storage.write(s -> s.roles().create(name, "Built-in role", write(permissions), true, now));
                } catch (NameTaken e) {
                    // another instance created it at the same moment
                }
            }
        });
    }

    /** The permissions of {@code role}; a missing role allows nothing. */
    public Permissions permissionsOf(String role) {
        return role.equals(SUPER_ADMIN) ? Permissions.EVERYTHING : storage.read(s -> permissionsOf(s, role));
    }

    /** The same, read inside a unit of work the caller already has open. */
    public Permissions permissionsOf(StorageSession s, String role) {
        if (role.equals(SUPER_ADMIN)) {
            return Permissions.EVERYTHING;
        }
        return s.roles().find(role).map(this::permissions).orElse(Permissions.NONE);
    }

    public Permissions permissions(RoleRecord role) {
        return parse(role.permissionsJson(), "role " + role.name());
    }

    /** A stored permissions document; {@code owner} names its role or token in the error. */
    public Permissions parse(String permissionsJson, String owner) {
        try {
            return Permissions.parse(json.readTree(permissionsJson), "permissions");
        } catch (IOException e) {
            throw new IllegalStateException("stored permissions of " + owner + " are not JSON", e);
        }
    }

    public String write(Permissions permissions) {
        try {
            return json.writeValueAsString(permissions.toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
