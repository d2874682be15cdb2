package dev.quire.storage.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.postgresql.Driver;

import io.agroal.api.AgroalDataSource;

import dev.quire.storage.jdbc.JdbcMigrations;
import dev.quire.storage.jdbc.JdbcPools;
import dev.quire.storage.jdbc.JdbcTransactions;
import dev.quire.storage.spi.AccessWatch;
import dev.quire.storage.spi.EntryExists;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageBusy;
import dev.quire.storage.spi.StorageCapabilities;
import dev.quire.storage.spi.StorageFailure;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * PostgreSQL storage: a connection pool, each write in its own transaction; writers run concurrently and row locks
 * order them. A write that loses a serialization race or a deadlock, or meets a row that a concurrent write added or
 * deleted after this one read, is retried whole (see {@link #isRetryable}). Reads run at READ COMMITTED, where each
 * statement sees its own snapshot, so they run statement by statement without a transaction around them (see
 * {@link JdbcTransactions#runStatements}), which saves a round trip per read.
 */
public final class PostgresStorage implements Storage {

    private static final Logger LOG = Logger.getLogger(PostgresStorage.class);
    static final StorageCapabilities CAPABILITIES = new StorageCapabilities(true, true, true, 10_000, false);
    private static final int MAX_ATTEMPTS = 3;

    private final PostgresDialect dialect = new PostgresDialect();
    private final AgroalDataSource pool;
    private final Duration acquisitionTimeout;
    private final String location;
    private final PostgresSettings settings;
    private volatile PostgresAccessWatch accessWatch;
    private boolean closed;

    private PostgresStorage(AgroalDataSource pool, PostgresSettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.location = JdbcPools.redact(settings.jdbcUrl());
        this.acquisitionTimeout = settings.acquisitionTimeout();
    }

    /**
     * Opens the pool, checks the database answers and migrates the schema.
     *
     * @throws StorageUnavailable
     *             when the database cannot be reached or migrated; nothing stays open then
     */
    public static PostgresStorage open(PostgresSettings settings) {
        AgroalDataSource pool = JdbcPools.open(Driver.class, settings.jdbcUrl(), settings.connectionProperties(),
                settings.username(), settings.password(), settings.poolSize(), settings.acquisitionTimeout(),
                new io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter());
        try {
            JdbcMigrations.migrate(pool, "postgresql");
            try (Connection c = pool.getConnection()) {
                maintenanceWarning(c).ifPresent(LOG::warn);
            }
        } catch (SQLException e) {
            pool.close();
            throw new StorageUnavailable("PostgreSQL did not answer after its migration", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresStorage(pool, settings);
    }

    /**
     * What to tell the operator when the server does not maintain its tables: with {@code autovacuum} or
     * {@code track_counts} off, nothing gathers the planner's statistics, and without them PostgreSQL may find one
     * document by reading every entry of its type (draft &amp; publish creates measured at 4,200 and 4,800 µs of
     * PostgreSQL's CPU with 17,000 entry rows never analysed, and at 930 µs after one {@code ANALYZE}).
     */
    static Optional<String> maintenanceWarning(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(
                        "SELECT current_setting('autovacuum'), current_setting('track_counts')")) {
            rs.next();
            if (rs.getString(1).equals("on") && rs.getString(2).equals("on")) {
                return Optional.empty();
            }
            return Optional.of("PostgreSQL runs with autovacuum = " + rs.getString(1) + " and track_counts = "
                    + rs.getString(2) + ": nothing gathers the planner's statistics or removes dead rows, and"
                    + " without statistics PostgreSQL may read every entry of a type to find one document. Turn"
                    + " both on, or run VACUUM ANALYZE on a schedule (see the README, In production).");
        }
    }

    @Override
    public String kind() {
        return PostgresStorageFactory.ID;
    }

    @Override
    public StorageCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public <T> T read(UnitOfWork<T> work) {
        try (Connection connection = borrow()) {
            connection.setReadOnly(true);
            try {
                return JdbcTransactions.runStatements(connection, dialect, work);
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new StorageUnavailable("no connection to PostgreSQL", e);
        }
    }

    @Override
    public <T> T write(UnitOfWork<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection connection = borrow()) {
                return JdbcTransactions.run(connection, dialect, work, this::accessChanged);
            } catch (StorageFailure | EntryExists e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
            } catch (SQLException e) {
                throw new StorageUnavailable("no connection to PostgreSQL", e);
            }
        }
    }

    /**
     * Started on the first call, by whatever caches sessions; a command-line run never asks, and never listens. Empty
     * when {@link PostgresSettings#accessNotifications()} is off.
     */
    @Override
    public Optional<AccessWatch> accessWatch() {
        PostgresAccessWatch watch = accessWatch;
        if (watch != null || !settings.accessNotifications()) {
            return Optional.ofNullable(watch);
        }
        synchronized (this) {
            if (accessWatch == null && !closed) {
                Driver driver = new Driver();
                accessWatch = new PostgresAccessWatch(
                        () -> driver.connect(settings.jdbcUrl(), settings.listenerProperties()));
            }
            return Optional.ofNullable(accessWatch);
        }
    }

    private void accessChanged() {
        PostgresAccessWatch watch = accessWatch;
        if (watch != null) {
            watch.changed();
        }
    }

    private Connection borrow() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("timeout")) {
                throw new StorageBusy(acquisitionTimeout, Duration.ofSeconds(1));
            }
            throw e;
        }
    }

    /**
     * The transaction was rolled back and may simply run again, seeing what made it fail: a serialization failure, a
     * deadlock, or a row that a concurrent write added or deleted after this one read. A write checks before it inserts
     * that its row is absent (a PUT that adds a locale or a single type's first entry) and that what it refers to
     * exists (a relation's target, a schedule's document), but at READ COMMITTED another write under way is not yet
     * visible; the insert's key check waits for that write's commit and fails ({@link EntryExists}, or a foreign-key
     * violation). Run again, the write finds the row and answers as it would have one after the other: the PUT edits
     * the entry the other added, the relation gets its 400, the publication goes ahead without the link. A failure that
     * repeats, a bug rather than a race, ends the attempts.
     */
    private static boolean isRetryable(RuntimeException e) {
        return e instanceof EntryExists || e.getCause() instanceof SQLException s && ("40001".equals(s.getSQLState())
                || "40P01".equals(s.getSQLState()) || "23503".equals(s.getSQLState()));
    }

    @Override
    public StorageStatus status() {
        try (Connection connection = pool.getConnection();
                Statement st = connection.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT current_setting('server_version'),"
                        + " pg_database_size(current_database())")) {
            rs.next();
            return new StorageStatus(kind(), rs.getString(1), location, rs.getLong(2), null, JdbcPools.status(pool),
                    null);
        } catch (SQLException e) {
            throw new StorageUnavailable("PostgreSQL did not answer", e);
        }
    }

    @Override
    public boolean isReachable() {
        try (Connection connection = pool.getConnection(); Statement st = connection.createStatement()) {
            return st.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        PostgresAccessWatch watch = accessWatch;
        if (watch != null) {
            watch.close();
        }
        pool.close();
    }
}
