package dev.quire.storage.sqlite;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cms.storage.sqlite.*}: where the database file is and how it is opened. */
@ConfigMapping(prefix = "cms.storage.sqlite")
public interface SqliteConfig {

    /** The database file; its folder is created when missing. */
    @WithDefault("data/quire.db")
    String path();

    /**
     * SQLite's {@code synchronous} level. FULL syncs the WAL on every commit, so an acknowledged write survives a power
     * loss as well as a process kill; group commit pays that sync once per batch of writes.
     */
    @WithDefault("FULL")
    Synchronous synchronous();

    /** How long the writer waits on a lock held outside this process (CLI, backup tool) before giving up. */
    @WithDefault("5s")
    Duration busyTimeout();

    /** How long a write may wait in the queue to begin before it fails with 503 and nothing applied. */
    @WithDefault("10s")
    Duration writeTimeout();

    /** Most writes committed together in one transaction. */
    @WithDefault("64")
    int maxBatch();

    /** Read connections, used in parallel with the single writer. */
    @WithDefault("4")
    int readPoolSize();

    /** Bytes the WAL file is truncated to after a checkpoint. */
    @WithDefault("67108864")
    long journalSizeLimit();

    enum Synchronous {
        OFF,
        NORMAL,
        FULL
    }
}
