package dev.quire.storage.spi;

/** A write would give two entries the same value of a unique field in one locale and status. */
public final class UniqueViolation extends StorageException {

    private final String field;

    public UniqueViolation(String field) {
        super("another entry already has this " + field);
        this.field = field;
    }

    /** The attribute whose uniqueness was violated. */
    public String field() {
        return field;
    }
}
