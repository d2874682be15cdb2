package dev.quire.storage.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * Every row of every table in a portable form, for export, import and migration between kinds. Values are {@link Long},
 * {@link String}, {@link Boolean}, {@link java.time.Instant}, JSON as its text, or null, in the order of
 * {@link ArchiveTable#columns()}.
 */
public interface ArchiveStore {

    /**
     * Makes the rest of this read transaction one consistent snapshot of all tables. Must be the first call in the unit
     * of work.
     */
    void beginSnapshot();

    /** The newest schema migration applied to this database. */
    String schemaVersion();

    long count(ArchiveTable table);

    /** Hands every row of {@code table} to {@code rows}, in key order. */
    void scan(ArchiveTable table, Consumer<Object[]> rows);

    /** Inserts rows as they are, ids included. */
    void insert(ArchiveTable table, List<Object[]> rows);

    /** Deletes every row of every table, and the indexes content types asked for. */
    void clear();

    /** After an import: moves id counters past the imported ids and creates the indexes content types ask for. */
    void finishImport();
}
