package dev.quire.storage.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.sqlite.SQLiteConfig;

/**
 * Everything a SQLite connection of Quire's is opened with. The pragmas are connection properties of sqlite-jdbc, so
 * every connection gets all of them (unlike a multi-statement init SQL, of which the driver runs only the first).
 */
public record SqliteSettings(Path file, SqliteConfig.Synchronous synchronous, Duration busyTimeout,
        Duration writeTimeout, int maxBatch, int readPoolSize, long journalSizeLimit) {

    public static SqliteSettings from(SqliteConfig config) {
        return new SqliteSettings(Path.of(config.path()), config.synchronous(), config.busyTimeout(),
                config.writeTimeout(), config.maxBatch(), config.readPoolSize(), config.journalSizeLimit());
    }

    /** Settings for a file with Quire's defaults, as used by tests and tools. */
    public static SqliteSettings defaults(Path file) {
        return new SqliteSettings(file, SqliteConfig.Synchronous.FULL, Duration.ofSeconds(5), Duration.ofSeconds(10),
                64, 4, 64L * 1024 * 1024);
    }

    /** These settings for another file. */
    public SqliteSettings withFile(Path other) {
        return new SqliteSettings(other, synchronous, busyTimeout, writeTimeout, maxBatch, readPoolSize,
                journalSizeLimit);
    }

    public String jdbcUrl() {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /**
     * Connection properties for reading a database this process must not change in any way: a backup, or a file another
     * Quire serves. No journal mode is set, as setting one is a write.
     */
    public Properties readOnlyProperties() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.setReadOnly(true);
        return config.toProperties();
    }

    /** Connection properties for the writer ({@code readOnly=false}) or a reader. */
    public Properties connectionProperties(boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous.name()));
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.enforceForeignKeys(true);
        config.setJournalSizeLimit((int) Math.min(Integer.MAX_VALUE, journalSizeLimit));
        // the writer brackets its transactions itself (BEGIN IMMEDIATE ... COMMIT) in auto-commit mode, so the
        // driver's transaction mode only matters for readers, whose deferred transactions never take the write lock
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        config.setReadOnly(readOnly);
        // Quire reads new keys with INSERT ... RETURNING; left on, the driver matches every statement's text against a
        // pattern and runs SELECT last_insert_rowid() after each INSERT, a tenth of the single writer's time
        config.setGetGeneratedKeys(false);
        return config.toProperties();
    }
}
