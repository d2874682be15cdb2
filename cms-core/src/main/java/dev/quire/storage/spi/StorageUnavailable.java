package dev.quire.storage.spi;

/** The database could not be reached, opened or migrated. */
public final class StorageUnavailable extends StorageException {

    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
