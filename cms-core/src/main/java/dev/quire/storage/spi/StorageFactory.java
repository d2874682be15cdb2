package dev.quire.storage.spi;

/**
 * Creates the {@link Storage} of one database kind.
 * <p>
 * Lifecycle: every factory on the class path is instantiated as a cheap CDI bean that must not touch its database. The
 * core reads {@link #id()} and {@link #capabilities()} of all of them, selects the one whose id equals
 * {@code cms.storage.kind}, decides whether it may run under the active profile, and only then calls {@link #open()},
 * exactly once. The returned storage is closed at shutdown.
 */
public interface StorageFactory {

    /** The stable configuration name of this kind, for example {@code "sqlite"}; lower case, never changes. */
    String id();

    /** What this kind can do; available without opening anything. */
    StorageCapabilities capabilities();

    /**
     * Why this kind must not serve production, in one or two sentences for an operator, or an empty string when
     * {@link StorageCapabilities#productionGrade()} is true.
     */
    String productionRefusalReason();

    /**
     * How an operator points Quire at this kind: the settings to set, as environment variables with example values, one
     * per line.
     */
    String settingsHint();

    /**
     * Opens connections, brings the schema to the current migration and returns a ready storage.
     *
     * @throws StorageUnavailable
     *             when the database cannot be reached or migrated; nothing is left open then
     */
    Storage open();
}
