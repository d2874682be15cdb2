package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;

/**
 * A stored content type.
 *
 * @param id
 *            the storage's numeric key, stable for the type's life
 * @param uid
 *            the singular name, which identifies the type
 * @param pluralName
 *            the plural name used in collection URLs
 * @param kind
 *            {@code collectionType} or {@code singleType}
 * @param schemaJson
 *            the validated schema document, in Strapi's {@code schema.json} shape
 * @param indexedFields
 *            the attributes that have an expression index
 * @param version
 *            starts at 1, incremented by every update
 */
public record ContentTypeRecord(long id, String uid, String pluralName, String kind, String schemaJson,
        List<IndexedField> indexedFields, long version, Instant createdAt, Instant updatedAt) {

    public ContentTypeRecord {
        indexedFields = List.copyOf(indexedFields);
    }
}
