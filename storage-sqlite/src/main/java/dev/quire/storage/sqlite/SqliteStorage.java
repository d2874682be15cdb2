package dev.quire.storage.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import io.agroal.api.AgroalDataSource;

import dev.quire.storage.jdbc.JdbcMigrations;
import dev.quire.storage.jdbc.JdbcPools;
import dev.quire.storage.jdbc.JdbcTransactions;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageCapabilities;
import dev.quire.storage.spi.StorageFailure;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * SQLite storage: one write connection behind a {@link WriteQueue}, and a small pool of read-only connections that read
 * in parallel with it (WAL mode lets readers proceed while a write is in progress).
 */
public final class SqliteStorage implements Storage {

    static final StorageCapabilities CAPABILITIES = new StorageCapabilities(false, false, false, 500);

    private final SqliteDialect dialect = new SqliteDialect();
    private final SqliteSettings settings;
    private final WriteQueue writer;
    private final AgroalDataSource readers;

    private SqliteStorage(SqliteSettings settings, WriteQueue writer, AgroalDataSource readers) {
        this.settings = settings;
        this.writer = writer;
        this.readers = readers;
    }

    /**
     * Creates the file's folder, migrates the schema, starts the writer and the reader pool.
     *
     * @throws StorageUnavailable
     *             when the file cannot be created, opened or migrated
     */
    public static SqliteStorage open(SqliteSettings settings) {
        Path file = settings.file().toAbsolutePath();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new StorageUnavailable("cannot create the folder of the SQLite database " + file, e);
        }
        SQLiteDataSource migrator = new SQLiteDataSource(new SQLiteConfig(settings.connectionProperties(false)));
        migrator.setUrl(settings.jdbcUrl());
        JdbcMigrations.migrate(migrator, "sqlite");
        WriteQueue writer = new WriteQueue(() -> connect(settings), new SqliteDialect(), settings.writeTimeout(),
                settings.maxBatch());
        AgroalDataSource readers = JdbcPools.open(JDBC.class, settings.jdbcUrl(), settings.connectionProperties(true),
                null, null, settings.readPoolSize(), settings.writeTimeout());
        return new SqliteStorage(settings, writer, readers);
    }

    private static Connection connect(SqliteSettings settings) {
        try {
            return JDBC.createConnection(settings.jdbcUrl(), settings.connectionProperties(false));
        } catch (SQLException e) {
            throw new StorageUnavailable("cannot open the SQLite database " + settings.file(), e);
        }
    }

    @Override
    public String kind() {
        return SqliteStorageFactory.ID;
    }

    @Override
    public StorageCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public <T> T read(UnitOfWork<T> work) {
        try (Connection connection = readers.getConnection()) {
            return JdbcTransactions.run(connection, dialect, false, work);
        } catch (SQLException e) {
            throw new StorageUnavailable("no read connection to the SQLite database", e);
        }
    }

    @Override
    public <T> T write(UnitOfWork<T> work) {
        return writer.submit(work);
    }

    @Override
    public boolean isReachable() {
        try (Connection connection = readers.getConnection(); Statement st = connection.createStatement()) {
            return st.execute("SELECT 1");
        } catch (SQLException | StorageFailure e) {
            return false;
        }
    }

    /** Writes waiting to begin. */
    public int writeQueueDepth() {
        return writer.depth();
    }

    public SqliteSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
