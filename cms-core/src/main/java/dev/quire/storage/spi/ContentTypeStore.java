package dev.quire.storage.spi;

import java.util.List;
import java.util.Optional;

/**
 * Content type definitions. A content type is identified by its {@code uid} (Strapi's singular name) and also addressed
 * by its plural name; both names are unique across all types, in either role.
 */
public interface ContentTypeStore {

    /** All types ordered by uid. */
    List<ContentTypeRecord> list();

    /** The type whose uid (singular name) or plural name equals {@code name}, if any. */
    Optional<ContentTypeRecord> findByName(String name);

    /**
     * Stores a new type at version 1 and creates its indexes.
     *
     * @throws NameTaken
     *             when the uid or plural name is already used by another type, as either name
     */
    ContentTypeRecord create(NewContentType type);

    /**
     * Replaces a type's schema, plural name and indexes, and increments its version. Indexes of fields no longer
     * indexed are dropped, new ones created.
     *
     * @throws NotFound
     *             when no type has this uid
     * @throws VersionConflict
     *             when {@code expectedVersion} is not the stored version
     * @throws NameTaken
     *             when the new plural name is used by another type
     * @throws UniqueViolation
     *             when existing entries already break a newly unique field
     */
    ContentTypeRecord update(ContentTypeUpdate update);

    /**
     * Deletes a type with all its entries and indexes.
     *
     * @return whether a type was deleted; deleting a missing type is not an error
     */
    boolean delete(String uid);
}
