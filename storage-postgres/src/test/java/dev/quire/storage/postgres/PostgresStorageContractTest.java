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
    protected void dropDatabase() {
        database.close();
    }
}
