package dev.quire.storage.jdbc;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import dev.quire.storage.spi.StorageUnavailable;

/** Versioned schema migrations of the fixed tables, applied with Flyway at start-up. */
public final class JdbcMigrations {

    private static final Logger LOG = Logger.getLogger(JdbcMigrations.class);

    private JdbcMigrations() {
    }

    /**
     * Brings the schema to the newest migration found under {@code classpath:db/migration/<folder>}, applying every
     * pending migration in one transaction ({@code group}): an upgrade applies all of them or none, so a failed one
     * leaves the schema at the version it had, not between two, and a new database commits once rather than once per
     * migration. Both databases run DDL in transactions; a statement that cannot run in one (PostgreSQL's
     * {@code CREATE INDEX CONCURRENTLY}) does not fit this mode, and none of Quire's migrations has one.
     *
     * @throws StorageUnavailable
     *             when a migration fails; the schema is then as it was before this call
     */
    public static void migrate(DataSource dataSource, String folder) {
        try {
            MigrateResult result = Flyway.configure(JdbcMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + folder)
                    .failOnMissingLocations(true)
                    .group(true)
                    .load()
                    .migrate();
            LOG.infof("Database schema is at version %s (%d migration(s) applied now)",
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new StorageUnavailable("schema migration failed: " + firstLine, e);
        }
    }

    /**
     * Checks, without changing anything, that the schema has every migration under {@code folder} applied.
     *
     * @throws StorageUnavailable
     *             when a migration is pending, naming the version the database is at
     */
    public static void requireCurrent(DataSource dataSource, String folder) {
        try {
            MigrationInfoService info = Flyway.configure(JdbcMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + folder)
                    .load()
                    .info();
            if (info.pending().length > 0) {
                MigrationInfo current = info.current();
                throw new StorageUnavailable("the database's schema is at version "
                        + (current == null ? "none" : current.getVersion()) + " and this Quire needs version "
                        + info.pending()[info.pending().length - 1].getVersion()
                        + "; start Quire on it once (or use migrate/import) to bring it up to date", null);
            }
        } catch (FlywayException e) {
            throw new StorageUnavailable("cannot read the schema version: " + e.getMessage(), e);
        }
    }
}
