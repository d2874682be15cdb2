package dev.quire.storage.spi;

/** Which version of a document a row holds. */
public enum EntryStatus {

    DRAFT,
    PUBLISHED;

    /** The lower-case name used in storage and in the API. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static EntryStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
