package dev.quire.storage.postgres;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageContract;

/** The storage contract on the test PostgreSQL server, in a database created for this run. */
class PostgresStorageContractTest extends StorageContract {

    private PostgresTestDatabase database;

    @Override
    protected Storage openEmptyStorage() {
        database = PostgresTestDatabase.create("contract");
        return PostgresStorage.open(database.settings());
    }

    @Override
    protected void analyze() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", PostgresTestDatabase.user());
        try (var c = new org.postgresql.Driver().connect(database.jdbcUrl(), p); var st = c.createStatement()) {
            st.execute("ANALYZE entry");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void dropDatabase() {
        database.close();
    }
}
