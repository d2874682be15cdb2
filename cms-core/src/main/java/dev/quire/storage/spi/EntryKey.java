package dev.quire.storage.spi;

/** Identifies one entry row. */
public record EntryKey(long contentTypeId, String documentId, String locale, EntryStatus status) {
}
