package dev.quire.storage.spi;

/** An optimistic write found the row at another version than the caller read. */
public final class VersionConflict extends StorageException {

    private final long expected;
    private final long actual;

    public VersionConflict(long expected, long actual) {
        super("expected version " + expected + " but the stored version is " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
