package dev.quire.storage.spi;

/**
 * An open database of one kind. Thread-safe; one instance serves the whole application.
 * <p>
 * All access goes through units of work. A unit of work must not keep the {@link StorageSession} it is given beyond its
 * own return, and must not start another unit of work from inside itself.
 */
public interface Storage extends AutoCloseable {

    /** The kind's id, as {@link StorageFactory#id()}. */
    String kind();

    StorageCapabilities capabilities();

    /**
     * Runs {@code work} on a read connection against one consistent snapshot. Reads run in parallel with each other and
     * with writes. Calling a mutating store method inside a read throws {@link IllegalStateException}.
     *
     * @return what {@code work} returned
     * @throws StorageUnavailable
     *             when no read connection could be had in time
     * @throws StorageException
     *             (or a subtype) thrown by the stores; anything {@code work} throws passes through
     */
    <T> T read(UnitOfWork<T> work);

    /**
     * Runs {@code work} as one atomic write transaction: when it returns normally everything it wrote is committed and
     * durable before this method returns; when it throws, nothing it wrote is applied and the exception passes through
     * unchanged. The write lock (or its equivalent) is taken when the transaction begins, never by upgrading a read, so
     * a unit of work that reads and then writes does not fail on lock contention.
     * <p>
     * {@code work} may be run more than once only if it has no effect outside the transaction; callers must not rely on
     * it running exactly once when the call fails.
     *
     * @throws StorageBusy
     *             when the write could not begin within the configured bound; nothing was applied
     * @throws StorageUnavailable
     *             when the database cannot be reached
     */
    <T> T write(UnitOfWork<T> work);

    /**
     * {@link #write}, for a unit of work that may change much of the database in one statement: deleting a content type
     * with its entries, building or dropping an index over them, an import that replaces everything. Where writes share
     * a transaction, it gets one of its own, and may be given room (temporary files rather than memory) that ordinary
     * writes are not.
     */
    default <T> T writeBulk(UnitOfWork<T> work) {
        return write(work);
    }

    /**
     * Writes a consistent snapshot of the whole database to {@code target}, a file that must not exist, while reads and
     * writes go on: synced to disk and verified before it appears under its name, so a partial or failed backup never
     * does.
     *
     * @throws UnsupportedOperationException
     *             when {@link StorageCapabilities#supportsFileBackup()} is false
     * @throws StorageFailure
     *             when the copy cannot be written or does not verify; nothing is left at {@code target}
     */
    default BackupResult backup(java.nio.file.Path target) {
        throw new UnsupportedOperationException(kind() + " has no file backup");
    }

    /** A finished backup: its file, its size, and the integrity check's verdict. */
    record BackupResult(java.nio.file.Path file, long bytes, String integrity, java.time.Duration took) {
    }

    /** Figures for operators: what the database is, how big, and how busy its connections are. */
    StorageStatus status();

    /** The single writer's queue figures, read from memory, where writes queue for one writer; else empty. */
    default java.util.Optional<WriteQueueStatus> writeQueue() {
        return java.util.Optional.empty();
    }

    /**
     * @param location
     *            the file (SQLite) or the JDBC URL without its query (PostgreSQL)
     * @param walBytes
     *            the write-ahead log's size where it is a file of its own, else null
     * @param writeQueue
     *            the single writer's figures where writes queue for one, else null
     */
    record StorageStatus(String kind, String databaseVersion, String location, long databaseBytes, Long walBytes,
            PoolStatus pool, WriteQueueStatus writeQueue) {
    }

    /** Connections in use, the most there may be, and requests waiting for one. */
    record PoolStatus(long active, long max, long awaiting) {
    }

    /**
     * The writer's queue: writes waiting now; how long the oldest has waited; totals since start of writes run, batches
     * committed, time spent waiting to begin, transactions that found the file locked by another process, and writes
     * refused because they could not begin in time.
     */
    record WriteQueueStatus(int depth, java.time.Duration oldestWait, long writes, long batches,
            java.time.Duration totalWait, long busyEvents, long startTimeouts, java.time.Duration startTimeout) {

        /** The oldest queued write has waited more than half of what it may wait before it is refused. */
        public boolean saturated() {
            return oldestWait.compareTo(startTimeout.dividedBy(2)) > 0;
        }
    }

    /**
     * Notice of changes to users, sessions, API tokens and roles, where the database can give it to every instance;
     * else empty, and no instance may keep them in memory. The first call may start listening; until it hears, the
     * watch is not live.
     */
    default java.util.Optional<AccessWatch> accessWatch() {
        return java.util.Optional.empty();
    }

    /** Whether the database answers a trivial query now. Never throws. */
    boolean isReachable();

    /** Releases connections and threads. Pending writes finish or fail before this returns. */
    @Override
    void close();

    /** A unit of work against one transaction. */
    @FunctionalInterface
    interface UnitOfWork<T> {

        T run(StorageSession session);
    }
}
