package dev.quire.schema;

import dev.quire.storage.spi.ContentTypeRecord;

/** A stored content type with its parsed schema. */
public record ContentType(ContentTypeRecord record, ContentTypeSchema schema) {

    public long id() {
        return record.id();
    }

    public String uid() {
        return record.uid();
    }

    public boolean isSingleType() {
        return schema.kind() == ContentTypeSchema.Kind.SINGLE_TYPE;
    }
}
