package dev.quire.storage.postgres;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageCapabilities;
import dev.quire.storage.spi.StorageFactory;

/** Selected by {@code cms.storage.kind=postgres}; the production storage. */
@ApplicationScoped
public class PostgresStorageFactory implements StorageFactory {

    public static final String ID = "postgres";

    @Inject
    PostgresConfig config;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StorageCapabilities capabilities() {
        return PostgresStorage.CAPABILITIES;
    }

    @Override
    public String productionRefusalReason() {
        return "";
    }

    @Override
    public String settingsHint() {
        return "CMS_STORAGE_KIND=postgres\n"
                + "CMS_STORAGE_POSTGRES_JDBC_URL=jdbc:postgresql://<host>:5432/<database>\n"
                + "CMS_STORAGE_POSTGRES_USERNAME=<user>\n"
                + "CMS_STORAGE_POSTGRES_PASSWORD=<password>";
    }

    @Override
    public Storage open() {
        return PostgresStorage.open(PostgresSettings.from(config));
    }
}
