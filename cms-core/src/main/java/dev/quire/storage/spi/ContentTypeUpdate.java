package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;

/** A new schema for an existing type, accepted only if the type is still at {@code expectedVersion}. */
public record ContentTypeUpdate(String uid, long expectedVersion, String pluralName, String schemaJson,
        List<IndexedField> indexedFields, Instant now) {

    public ContentTypeUpdate {
        indexedFields = List.copyOf(indexedFields);
    }
}
