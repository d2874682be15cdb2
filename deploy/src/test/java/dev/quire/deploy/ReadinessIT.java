package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * Readiness follows the database: the packaged application turns unready when PostgreSQL stops accepting its
 * connections, stays alive meanwhile, and turns ready again, with no restart, when the database comes back.
 */
class ReadinessIT {

    @TempDir
    Path workDir;

    @Test
    void readinessTurnsDownWhileTheDatabaseIsUnreachableAndUpWhenItReturns() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("ready");
                QuireProcess app = QuireProcess.start(workDir, Map.of("CMS_STORAGE_POSTGRES_JDBC_URL",
                        database.jdbcUrl(), "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(),
                        "CMS_STORAGE_POSTGRES_ACQUISITION_TIMEOUT", "1s", "CMS_ADMIN_EMAIL", "ops@example.com",
                        "CMS_ADMIN_PASSWORD", "a-long-prod-password", "CMS_SECURITY_SIGNING_KEY",
                        "a-prod-signing-key-of-more-than-32-characters"))) {
            app.awaitReady();
            try (Connection admin = adminConnection(); Statement st = admin.createStatement()) {
                st.execute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS false");
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database.name() + "'");
                await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(app.baseUri())
                        .get("/q/health/ready").statusCode() == 503);
                given().baseUri(app.baseUri()).get("/q/health/live").then().statusCode(200);
                given().baseUri(app.baseUri()).get("/api/anything").then().statusCode(503);

                st.execute("ALTER DATABASE " + database.name() + " ALLOW_CONNECTIONS true");
                await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(app.baseUri())
                        .get("/q/health/ready").statusCode() == 200);
            }
        }
    }

    private static Connection adminConnection() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PostgresTestDatabase.user());
        String url = System.getProperty("quire.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/") + "postgres";
        return new org.postgresql.Driver().connect(url, props);
    }
}
