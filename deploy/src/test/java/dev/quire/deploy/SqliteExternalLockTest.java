package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Another process holds SQLite's write lock for 800 ms while an update (a read followed by a write) arrives through the
 * content API: the update waits for the lock and succeeds, rather than failing with "database is locked".
 */
@QuarkusTest
class SqliteExternalLockTest {

    @ConfigProperty(name = "cms.storage.sqlite.path")
    String databaseFile;

    @Test
    void anUpdateWaitsForAnExternalWriteLockAndSucceeds() throws Exception {
        String token = Api.login();
        String singular = Api.uniqueName("lock");
        as(token).body(Api.articleSchema(singular, singular + "s")).post("/admin/content-types").then()
                .statusCode(201);
        String id = as(token).body(Map.of("data", Map.of("title", "Before", "views", 1)))
                .post("/api/" + singular + "s").then().statusCode(201).extract().path("data.documentId");

        long began;
        CompletableFuture<Response> update;
        try (Connection other = new org.sqlite.JDBC().connect("jdbc:sqlite:" + databaseFile,
                new java.util.Properties());
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            began = System.nanoTime();
            update = CompletableFuture.supplyAsync(() -> as(token)
                    .body(Map.of("data", Map.of("views", 2))).put("/api/" + singular + "s/" + id));
            Thread.sleep(800);
            assertThat(update).isNotDone();
            st.execute("COMMIT");
        }

        Response response = update.get(10, TimeUnit.SECONDS);
        response.then().statusCode(200).body("data.views", equalTo(2)).body("data.title", equalTo("Before"));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }
}
