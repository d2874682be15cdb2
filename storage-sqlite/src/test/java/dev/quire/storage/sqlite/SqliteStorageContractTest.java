package dev.quire.storage.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageContract;

/** The storage contract on a real SQLite file in a fresh folder. */
class SqliteStorageContractTest extends StorageContract {

    private Path folder;

    @Override
    protected Storage openEmptyStorage() {
        try {
            folder = Files.createTempDirectory("quire-sqlite-contract");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return SqliteStorage.open(SqliteSettings.defaults(folder.resolve("quire.db")));
    }

    @Override
    protected void analyze() {
        try (var c = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + folder.resolve("quire.db"),
                new java.util.Properties()); var st = c.createStatement()) {
            st.execute("ANALYZE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void dropDatabase() {
        deleteRecursively(folder);
    }

    static void deleteRecursively(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
