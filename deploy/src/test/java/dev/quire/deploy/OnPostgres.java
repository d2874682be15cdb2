package dev.quire.deploy;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import dev.quire.storage.postgres.PostgresTestDatabase;

/** Runs a {@code @QuarkusTest} on PostgreSQL, in a database created for the run and dropped after it. */
public class OnPostgres implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Database.class));
    }

    public static class Database implements QuarkusTestResourceLifecycleManager {

        private PostgresTestDatabase database;

        @Override
        public Map<String, String> start() {
            database = PostgresTestDatabase.create("api");
            return Map.of("cms.storage.kind", "postgres", "cms.storage.postgres.jdbc-url", database.jdbcUrl(),
                    "cms.storage.postgres.username", PostgresTestDatabase.user());
        }

        @Override
        public void stop() {
            if (database != null) {
                database.close();
            }
        }
    }
}
