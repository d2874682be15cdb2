package dev.quire.storage.spi;

/** The row a write addressed does not exist. */
public final class NotFound extends StorageException {

    private final String what;

    public NotFound(String what, Object key) {
        super(what + " " + key + " does not exist");
        this.what = what;
    }

    /** The kind of row that was missing, for example {@code "entry"}. */
    public String what() {
        return what;
    }
}
