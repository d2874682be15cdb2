package dev.quire.storage.sqlite;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import dev.quire.storage.jdbc.MigrationContract;

/** Upgrades on a SQLite file, connected as the storage connects its migrations. */
class SqliteMigrationsTest extends MigrationContract {

    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path folder;

    @Override
    protected DataSource emptyDatabase() {
        SqliteSettings settings = SqliteSettings.defaults(folder.resolve("upgrade-" + FILES.incrementAndGet() + ".db"));
        SQLiteDataSource dataSource = new SQLiteDataSource(new SQLiteConfig(settings.connectionProperties(false)));
        dataSource.setUrl(settings.jdbcUrl());
        return dataSource;
    }
}
