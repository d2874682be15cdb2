package dev.quire.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.quire.CmsConfig;
import dev.quire.storage.jdbc.JdbcPools;
import dev.quire.storage.postgres.PostgresConfig;
import dev.quire.storage.postgres.PostgresSettings;
import dev.quire.storage.postgres.PostgresStorage;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.sqlite.SqliteConfig;
import dev.quire.storage.sqlite.SqliteSettings;
import dev.quire.storage.sqlite.SqliteStorage;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which database a command works on: the one {@code serve} would use (the same configuration: system properties,
 * environment, {@code .env}, {@code config/application.properties}, the packaged {@code application.properties}, under
 * the profile in {@code quarkus.profile}, prod by default), unless {@code --sqlite} or {@code --postgres} names
 * another.
 */
final class DatabaseOptions {

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {

        @Option(names = "--sqlite", paramLabel = "FILE", description = "Work on this SQLite file instead of the"
                + " configured database.")
        Path sqlite;

        @Option(names = "--postgres", paramLabel = "JDBC_URL", description = "Work on this PostgreSQL database"
                + " (jdbc:postgresql://host:port/name) instead of the configured one.")
        String postgres;
    }

    @Option(names = "--user", paramLabel = "NAME", description = "PostgreSQL user, instead of"
            + " cms.storage.postgres.username; the password comes from CMS_STORAGE_POSTGRES_PASSWORD.")
    String user;

    /** The database: SQLite settings or PostgreSQL settings, exactly one present. */
    record Database(Optional<SqliteSettings> sqlite, Optional<PostgresSettings> postgres) {

        String describe() {
            return sqlite.map(s -> "SQLite " + s.file().toAbsolutePath())
                    .orElseGet(() -> "PostgreSQL " + JdbcPools.redact(postgres.orElseThrow().jdbcUrl()));
        }
    }

    Database resolve() {
        Configuration config = Configuration.load();
        if (target != null && target.sqlite != null) {
            return new Database(Optional.of(config.sqlite().withFile(target.sqlite)), Optional.empty());
        }
        if (target != null && target.postgres != null) {
            return new Database(Optional.empty(), Optional.of(config.postgres(target.postgres, user)));
        }
        return switch (config.kind()) {
            case "sqlite" -> new Database(Optional.of(config.sqlite()), Optional.empty());
            case "postgres" -> new Database(Optional.empty(),
                    Optional.of(config.postgres(config.postgres().jdbcUrl(), user)));
            default -> throw new QuireCommand.CommandFailure("unknown storage kind '" + config.kind()
                    + "' (cms.storage.kind); use --sqlite FILE or --postgres JDBC_URL");
        };
    }

    /** Opens the database for reading: on SQLite beside a running Quire, without migrating it. */
    Storage openForReading(Database database) {
        quietLogs();
        return database.sqlite().<Storage>map(SqliteStorage::openReadOnly)
                .orElseGet(() -> PostgresStorage.open(database.postgres().orElseThrow()));
    }

    /** Opens the database for writing, migrating its schema: on SQLite only when no Quire has it open. */
    Storage openForWriting(Database database) {
        quietLogs();
        return database.sqlite().<Storage>map(SqliteStorage::open)
                .orElseGet(() -> PostgresStorage.open(database.postgres().orElseThrow()));
    }

    /** Library start-up chatter (pools, Flyway) is for the server's log, not a command's output; warnings remain. */
    static void quietLogs() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }

    /** The configuration {@code serve} would read, for the storage settings only. */
    record Configuration(SmallRyeConfig config) {

        static Configuration load() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            String profile = System.getProperty("quarkus.profile",
                    Optional.ofNullable(System.getenv("QUARKUS_PROFILE")).orElse("prod"));
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .forClassLoader(loader)
                    .addDefaultSources()
                    .addDefaultInterceptors()
                    .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, loader))
                    .withSources(PropertiesConfigSourceLoader.inFileSystem(
                            Path.of("config", "application.properties").toUri().toString(), 260, loader))
                    .withSources(DotEnvConfigSourceProvider.dotEnvSources(loader))
                    .withProfile(profile)
                    .withConverter(java.time.Duration.class, 200, new DurationConverter())
                    .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                    .withValidateUnknown(false)
                    .withMapping(CmsConfig.class)
                    .withMapping(SqliteConfig.class)
                    .withMapping(PostgresConfig.class)
                    .build();
            return new Configuration(config);
        }

        String kind() {
            return config.getConfigMapping(CmsConfig.class).storage().kind();
        }

        SqliteSettings sqlite() {
            return SqliteSettings.from(config.getConfigMapping(SqliteConfig.class));
        }

        PostgresSettings postgres() {
            return PostgresSettings.from(config.getConfigMapping(PostgresConfig.class));
        }

        PostgresSettings postgres(String url, String user) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new QuireCommand.CommandFailure("'" + url + "' is not a PostgreSQL JDBC URL; expected"
                        + " jdbc:postgresql://host:port/database");
            }
            return postgres().withDatabase(url, user);
        }
    }
}
