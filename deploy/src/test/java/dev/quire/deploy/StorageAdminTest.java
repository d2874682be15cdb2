package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.quire.storage.spi.Storage;

/** {@code /admin/storage}, a backup on demand, the storage figures on {@code /q/metrics} and in readiness. */
@QuarkusTest
class StorageAdminTest {

    @Inject
    Storage storage;

    @Test
    void theStorageReportsWhatItIsAndHowBusy() {
        String token = Api.login();
        JsonPath status = as(token).get("/admin/storage").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("data.kind")).isEqualTo(storage.kind());
        assertThat(status.getLong("data.databaseBytes")).isPositive();
        assertThat(status.getInt("data.pool.max")).isPositive();
        if (storage.kind().equals("sqlite")) {
            assertThat(status.getString("data.databaseVersion")).startsWith("3.");
            assertThat(status.getString("data.location")).endsWith("quire.db");
            assertThat(status.getLong("data.walBytes")).isNotNegative();
            assertThat(status.getLong("data.writeQueue.writes")).isPositive();
            assertThat(status.getLong("data.writeQueue.batches")).isPositive()
                    .isLessThanOrEqualTo(status.getLong("data.writeQueue.writes"));
            assertThat(status.getBoolean("data.writeQueue.saturated")).isFalse();
            given().get("/q/health/ready").then().statusCode(200).body(
                    "checks.find { it.name == 'storage' }.data.writeQueueDepth",
                    equalTo(0));
            given().get("/q/metrics").then().statusCode(200).body(containsString("quire_sqlite_writes_total"))
                    .body(containsString("quire_sqlite_write_wait_seconds_total"))
                    .body(containsString("quire_sqlite_write_queue_depth"))
                    .body(containsString("quire_sqlite_busy_total"))
                    .body(containsString("quire_storage_pool_active"));
        } else {
            assertThat(status.getString("data.databaseVersion")).matches("\\d+.*");
            assertThat(status.getString("data.location")).startsWith("jdbc:postgresql:");
            assertThat(status.getMap("data")).doesNotContainKey("writeQueue");
            given().get("/q/metrics").then().statusCode(200).body(containsString("quire_storage_pool_active"))
                    .body(not(containsString("quire_sqlite_writes_total")));
        }
    }

    @Test
    void aBackupOnDemandIsVerifiedOnSqliteAndRefusedElsewhere() {
        String token = Api.login();
        if (!storage.capabilities().supportsFileBackup()) {
            as(token).post("/admin/storage/backup").then().statusCode(409).body("error.message",
                    containsString("pg_dump"));
            return;
        }
        JsonPath backup = as(token).post("/admin/storage/backup").then().statusCode(201).extract().jsonPath();
        assertThat(backup.getString("data.integrity")).isEqualTo("ok");
        assertThat(Path.of(backup.getString("data.file"))).isRegularFile();
        as(token).get("/admin/storage").then().body("data.lastBackup.file", equalTo(backup.getString("data.file")));
    }
}
