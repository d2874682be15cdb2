package dev.quire.storage.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;

import dev.quire.storage.jdbc.CountCache;
import dev.quire.storage.jdbc.JdbcMigrations;
import dev.quire.storage.jdbc.JdbcPools;
import dev.quire.storage.jdbc.JdbcSession;
import dev.quire.storage.jdbc.StatementCache;
import dev.quire.storage.spi.AccessWatch;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageCapabilities;
import dev.quire.storage.spi.StorageFailure;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * SQLite storage: one write connection behind a {@link WriteQueue}, and a small pool of read-only connections that read
 * in parallel with it (WAL mode lets readers proceed while a write is in progress).
 */
public final class SqliteStorage implements Storage {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SqliteStorage.class);
    /** Statements kept compiled per read connection. */
    private static final int READER_STATEMENTS = 64;
    static final StorageCapabilities CAPABILITIES = new StorageCapabilities(false, false, false, 500, true);

    private final SqliteDialect dialect = new SqliteDialect();
    private final SqliteSettings settings;
    private final WriteQueue writer;
    private final AgroalDataSource readers;
    /** List counts kept between commits; only while this process holds the writer, so sees every commit. */
    private final CountCache counts;
    private final Map<Connection, StatementCache> readerStatements = new ConcurrentHashMap<>();
    private final FileLock lock;
    /** Null when opened read-only: nothing is cached then. */
    private final SqliteAccessWatch accessWatch;

    private SqliteStorage(SqliteSettings settings, WriteQueue writer, AgroalDataSource readers, FileLock lock,
            CountCache counts, SqliteAccessWatch accessWatch) {
        this.settings = settings;
        this.writer = writer;
        this.readers = readers;
        this.lock = lock;
        this.counts = counts;
        this.accessWatch = accessWatch;
    }

    private static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            LOG.debug("closing the SQLite lock file failed", e);
        }
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
        SqliteEnvironment.requireLocalFilesystem(file);
        FileLock lock = SqliteEnvironment.lockExclusively(file);
        try {
            SQLiteDataSource migrator = new SQLiteDataSource(new SQLiteConfig(settings.connectionProperties(false)));
            migrator.setUrl(settings.jdbcUrl());
            JdbcMigrations.migrate(migrator, "sqlite");
            CountCache counts = new CountCache();
            SqliteAccessWatch watch = new SqliteAccessWatch(() -> connect(settings, true));
            WriteQueue writer = new WriteQueue(() -> connect(settings, false), new SqliteDialect(),
                    settings.writeTimeout(), settings.maxBatch(), counts, watch::changed);
            AgroalDataSource readers = JdbcPools.open(JDBC.class, settings.jdbcUrl(),
                    settings.connectionProperties(true), null, null, settings.readPoolSize(), settings.writeTimeout(),
                    AgroalConnectionPoolConfiguration.ExceptionSorter.defaultExceptionSorter());
            return new SqliteStorage(settings, writer, readers, lock, counts, watch);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /**
     * Opens an existing database for reading only, beside a Quire that may be serving it: no lock file, no writer, no
     * migration. Writes throw {@link IllegalStateException}.
     *
     * @throws StorageUnavailable
     *             when the file does not exist, or its schema is not this Quire's (start Quire once to migrate it)
     */
    public static SqliteStorage openReadOnly(SqliteSettings settings) {
        Path file = settings.file().toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new StorageUnavailable("there is no SQLite database at " + file, null);
        }
        SqliteEnvironment.requireLocalFilesystem(file);
        AgroalDataSource readers = JdbcPools.open(JDBC.class, settings.jdbcUrl(), settings.readOnlyProperties(), null,
                null, 1, settings.writeTimeout(),
                AgroalConnectionPoolConfiguration.ExceptionSorter.defaultExceptionSorter());
        try {
            JdbcMigrations.requireCurrent(readers, "sqlite");
        } catch (RuntimeException e) {
            readers.close();
            throw e;
        }
        return new SqliteStorage(settings, null, readers, null, null, null);
    }

    private static Connection connect(SqliteSettings settings, boolean readOnly) {
        try {
            return JDBC.createConnection(settings.jdbcUrl(), settings.connectionProperties(readOnly));
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

    /**
     * Runs {@code work} in a deferred read transaction on a pooled read connection, whose compiled statements are kept
     * with it: the transaction is bracketed with cached {@code BEGIN} and {@code COMMIT} statements rather than the
     * driver's auto-commit switching, which compiles four statements each time.
     */
    @Override
    public <T> T read(UnitOfWork<T> work) {
        try (Connection pooled = readers.getConnection()) {
            Connection connection = pooled.unwrap(SQLiteConnection.class);
            StatementCache statements = readerStatements(connection);
            // taken before the transaction reads anything; without a writer here, another process may be writing
            CountCache.View view = counts == null ? null : counts.view();
            statements.execute("BEGIN");
            try {
                T result = work.run(new JdbcSession(connection, dialect, false, statements, view));
                statements.execute("COMMIT");
                return result;
            } catch (RuntimeException | Error e) {
                try {
                    statements.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageUnavailable("no read connection to the SQLite database", e);
        }
    }

    /** The statement cache of a physical read connection; caches of connections the pool has closed are dropped. */
    private StatementCache readerStatements(Connection connection) {
        StatementCache cached = readerStatements.get(connection);
        if (cached != null) {
            return cached;
        }
        readerStatements.keySet().removeIf(c -> {
            try {
                return c.isClosed();
            } catch (SQLException e) {
                return true;
            }
        });
        StatementCache created = new StatementCache(connection, READER_STATEMENTS);
        readerStatements.put(connection, created);
        return created;
    }

    @Override
    public <T> T write(UnitOfWork<T> work) {
        return writer().submit(work);
    }

    @Override
    public <T> T writeBulk(UnitOfWork<T> work) {
        return writer().submit(work, true);
    }

    private WriteQueue writer() {
        if (writer == null) {
            throw new IllegalStateException("this SQLite storage was opened read-only");
        }
        return writer;
    }

    /**
     * Started on the first call, by whatever caches sessions; a command-line run never asks, and never polls. Empty
     * when opened read-only.
     */
    @Override
    public Optional<AccessWatch> accessWatch() {
        if (accessWatch == null) {
            return Optional.empty();
        }
        accessWatch.start();
        return Optional.of(accessWatch);
    }

    @Override
    public boolean isReachable() {
        try (Connection connection = readers.getConnection(); Statement st = connection.createStatement()) {
            return st.execute("SELECT 1");
        } catch (SQLException | StorageFailure e) {
            return false;
        }
    }

    /**
     * {@code VACUUM INTO} a temporary file next to {@code target} on a connection of its own (a read transaction, so
     * the writer goes on), then: switch the copy to a rollback journal so that it is one self-contained file, run
     * {@code integrity_check} and {@code foreign_key_check} on it, sync it, rename it to {@code target} and sync the
     * folder. Not the online backup API in 100-page steps, which restarts on every write and may never finish.
     */
    @Override
    public BackupResult backup(Path target) {
        return backupFile(settings, target);
    }

    /**
     * {@link #backup} of the database {@code settings} name, from any process: it reads, so it needs neither the lock
     * file nor the writer, and a Quire serving the file goes on writing meanwhile.
     */
    public static BackupResult backupFile(SqliteSettings settings, Path target) {
        if (!Files.isRegularFile(settings.file())) {
            throw new StorageFailure("there is no SQLite database at " + settings.file().toAbsolutePath(), null);
        }
        long started = System.nanoTime();
        Path file = target.toAbsolutePath();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            if (Files.exists(file)) {
                throw new StorageFailure("backup target " + file + " already exists", null);
            }
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(partial);
            try (Connection source = connect(settings, false);
                    PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, partial.toString());
                vacuum.execute();
            }
            String integrity = String.join("; ", verify(partial, true));
            if (!integrity.equals("ok")) {
                throw new StorageFailure("the backup failed its checks: " + integrity, null);
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                folder.force(true);
            }
            return new BackupResult(file, Files.size(file), integrity,
                    java.time.Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException | SQLException e) {
            deleteQuietly(partial);
            throw new StorageFailure("backup to " + file + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    /**
     * Runs {@code integrity_check} and {@code foreign_key_check} on the database file {@code file}.
     *
     * @return {@code ["ok"]}, or every problem found
     * @throws StorageFailure
     *             when the file cannot be opened as a database
     */
    public static List<String> check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StorageFailure("there is no SQLite database at " + file.toAbsolutePath(), null);
        }
        try {
            return verify(file, false);
        } catch (SQLException e) {
            throw new StorageFailure("cannot check " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> verify(Path file, boolean makeSelfContained) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(!makeSelfContained);
        try (Connection c = JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
                Statement st = c.createStatement()) {
            if (makeSelfContained) {
                st.execute("PRAGMA journal_mode=DELETE");
            }
            List<String> problems = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            if (problems.equals(List.of("ok"))) {
                problems.clear();
            }
            try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    problems.add("foreign key violated in table " + rs.getString(1) + " (rowid " + rs.getLong(2)
                            + ", parent " + rs.getString(3) + ")");
                }
            }
            return problems.isEmpty() ? List.of("ok") : problems;
        } catch (SQLException e) {
            if (e.getMessage() != null && (e.getMessage().contains("SQLITE_NOTADB")
                    || e.getMessage().contains("SQLITE_CORRUPT"))) {
                return List.of(e.getMessage());
            }
            throw e;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-journal"));
        } catch (IOException ignored) {
            // a stray partial file is harmless: it never has a backup's name, and the next backup replaces it
        }
    }

    @Override
    public java.util.Optional<WriteQueueStatus> writeQueue() {
        return java.util.Optional.ofNullable(writer).map(WriteQueue::status);
    }

    @Override
    public StorageStatus status() {
        Path file = settings.file().toAbsolutePath();
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        String version = sqliteVersion();
        try {
            return new StorageStatus(kind(), version, file.toString(), Files.size(file),
                    Files.exists(wal) ? Files.size(wal) : 0L, JdbcPools.status(readers), writeQueue().orElse(null));
        } catch (IOException e) {
            throw new StorageFailure("cannot read the size of " + file, e);
        }
    }

    private String sqliteVersion() {
        try (Connection connection = readers.getConnection();
                Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new StorageUnavailable("no read connection to the SQLite database", e);
        }
    }

    /** Writes waiting to begin. */
    public int writeQueueDepth() {
        return writer == null ? 0 : writer.depth();
    }

    public SqliteSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (accessWatch != null) {
            accessWatch.close();
        }
        // readers first: the last connection to close checkpoints the WAL into the database file and deletes it, and
        // only the writer may, so a stopped Quire leaves one self-contained file that can be copied alone
        readers.close();
        if (writer != null) {
            writer.close();
        }
        if (lock != null) {
            release(lock);
        }
    }
}
