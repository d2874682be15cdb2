package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Roles and their permissions, the latter an opaque JSON document owned by the core. */
public interface RoleStore {

    /** All roles ordered by name. */
    List<RoleRecord> list();

    Optional<RoleRecord> find(String name);

    /**
     * @throws NameTaken
     *             when a role of this name exists
     */
    RoleRecord create(String name, String description, String permissionsJson, boolean builtIn, Instant now);

    /**
     * @throws NotFound
     *             when there is no role of this name
     */
    RoleRecord update(String name, String description, String permissionsJson, Instant now);

    /** @return whether a role was deleted */
    boolean delete(String name);

    /** A stored role. */
    record RoleRecord(long id, String name, String description, String permissionsJson, boolean builtIn,
            Instant createdAt, Instant updatedAt) {
    }
}
