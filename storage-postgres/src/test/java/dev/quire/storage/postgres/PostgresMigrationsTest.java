package dev.quire.storage.postgres;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

import dev.quire.storage.jdbc.MigrationContract;

/** Upgrades on the test PostgreSQL server, each in a database created for the test. */
class PostgresMigrationsTest extends MigrationContract {

    private PostgresTestDatabase database;

    @Override
    protected DataSource emptyDatabase() {
        database = PostgresTestDatabase.create("migrations");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(PostgresTestDatabase.user());
        return dataSource;
    }

    @AfterEach
    void drop() {
        if (database != null) {
            database.close();
        }
    }
}
