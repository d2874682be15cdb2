package dev.quire.storage.spi;

/**
 * An insert found its key (type, document, locale, status) taken. Where the caller looked for the row first, a
 * concurrent write added it in between; on PostgreSQL the insert waited for that write to commit, so running the
 * caller's unit of work again finds the row.
 */
public final class EntryExists extends StorageException {

    public EntryExists() {
        super("an entry with this document, locale and status exists");
    }
}
