package dev.quire.storage.spi;

/** The database reported an error the storage did not expect; the unit of work was not applied. */
public final class StorageFailure extends StorageException {

    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
