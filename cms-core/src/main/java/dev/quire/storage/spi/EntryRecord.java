package dev.quire.storage.spi;

import java.time.Instant;

/**
 * A stored entry row.
 *
 * @param id
 *            the row id, unique across all entries
 * @param dataJson
 *            the attribute values as one JSON object
 * @param version
 *            starts at 1, incremented by every update
 * @param publishedAt
 *            when this row was published, null for drafts
 */
public record EntryRecord(long id, long contentTypeId, String documentId, String locale, EntryStatus status,
        String dataJson, long version, Instant createdAt, Instant updatedAt, Instant publishedAt) {

    public EntryKey key() {
        return new EntryKey(contentTypeId, documentId, locale, status);
    }
}
