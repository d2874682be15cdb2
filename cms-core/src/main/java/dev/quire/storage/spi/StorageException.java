package dev.quire.storage.spi;

/** Base of every failure the storage SPI reports. Messages never contain SQL or bound values of other users. */
public class StorageException extends RuntimeException {

    protected StorageException(String message) {
        super(message);
    }

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
