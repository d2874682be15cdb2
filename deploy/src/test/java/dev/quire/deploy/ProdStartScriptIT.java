package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.postgres.PostgresTestDatabase;

/** {@code deploy/bin/quire-prod}, the start script of the image and the systemd unit, against the local PostgreSQL. */
class ProdStartScriptIT {

    @TempDir
    Path workDir;

    @Test
    void theProdScriptStartsQuireOnPostgresAndAnswersEveryProbe() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("script")) {
            Map<String, String> env = new HashMap<>(Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                    "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(), "CMS_SECURITY_SIGNING_KEY",
                    "a-prod-signing-key-of-more-than-32-characters", "CMS_ADMIN_EMAIL", "ops@example.com",
                    "CMS_ADMIN_PASSWORD", "a-long-prod-password", "QUIRE_APP",
                    Path.of("target/quarkus-app").toAbsolutePath().toString(), "JAVA",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            String script = Path.of("bin/quire-prod").toAbsolutePath().toString();
            try (QuireProcess app = QuireProcess.script(workDir, env, script)) {
                app.awaitReady();
                assertThat(app.output()).contains("Profile prod activated");
                String commandLine = Files.readString(Path.of("/proc", Long.toString(app.pid()), "cmdline"))
                        .replace('\0', ' ');
                assertThat(commandLine).as("the script starts the JVM with the build's class-data archive")
                        .contains("-XX:SharedArchiveFile=" + Path.of("target/quarkus-app/quire.jsa").toAbsolutePath());
                String logLine = app.output().lines().filter(l -> l.contains("Profile prod activated")).findFirst()
                        .orElseThrow();
                var record = new com.fasterxml.jackson.databind.ObjectMapper().readTree(logLine);
                assertThat(record.get("level").asText()).as("prod logs one JSON object per line").isEqualTo("INFO");
                assertThat(record.get("message").asText()).contains("Profile prod activated");
                assertThat(record.has("timestamp")).isTrue();
                given().baseUri(app.baseUri()).get("/q/health/live").then().statusCode(200);
                given().baseUri(app.baseUri()).get("/q/health/started").then().statusCode(200);
                given().baseUri(app.baseUri()).get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'storage' }.data.kind", equalTo("postgres"));
            }
            env.remove("CMS_SECURITY_SIGNING_KEY");
            try (QuireProcess app = QuireProcess.script(workDir, env, script)) {
                assertThat(app.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(app.output()).contains("quire-prod: set CMS_SECURITY_SIGNING_KEY");
            }
        }
    }
}
