package dev.quire.storage.spi;

/** A name that must be unique (content type name, user email) is already in use. */
public final class NameTaken extends StorageException {

    private final String name;

    public NameTaken(String name) {
        super("'" + name + "' is already in use");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
