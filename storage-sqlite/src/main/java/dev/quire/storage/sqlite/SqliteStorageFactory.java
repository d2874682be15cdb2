package dev.quire.storage.sqlite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageCapabilities;
import dev.quire.storage.spi.StorageFactory;

/** Selected by {@code cms.storage.kind=sqlite}. */
@ApplicationScoped
public class SqliteStorageFactory implements StorageFactory {

    public static final String ID = "sqlite";

    @Inject
    SqliteConfig config;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StorageCapabilities capabilities() {
        return SqliteStorage.CAPABILITIES;
    }

    @Override
    public String productionRefusalReason() {
        return "SQLite keeps everything in one file with one write lock. In production, writes from the content API,"
                + " admin users, cron jobs and webhook deliveries all contend for that lock; a crash or an abrupt"
                + " container restart puts the single file at risk; and there is no production backup tooling"
                + " (point-in-time recovery, replicas) for it. SQLite is for development, tests and demos.";
    }

    @Override
    public String settingsHint() {
        return "CMS_STORAGE_KIND=sqlite\nCMS_STORAGE_SQLITE_PATH=data/quire.db";
    }

    @Override
    public Storage open() {
        return SqliteStorage.open(SqliteSettings.from(config));
    }
}
