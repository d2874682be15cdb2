package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;

/** A content type to create; names are already validated by the core. */
public record NewContentType(String uid, String pluralName, String kind, String schemaJson,
        List<IndexedField> indexedFields, Instant now) {

    public NewContentType {
        indexedFields = List.copyOf(indexedFields);
    }
}
