package dev.quire.storage.spi;

import java.time.Duration;

/** A write could not begin within its bound because other writes held the database; nothing was applied. */
public final class StorageBusy extends StorageException {

    private final Duration retryAfter;

    public StorageBusy(Duration waited, Duration retryAfter) {
        super("the database was busy with other writes for " + waited.toMillis() + " ms; nothing was written");
        this.retryAfter = retryAfter;
    }

    /** A reasonable time for the client to wait before retrying. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
