package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * The packaged application ({@code deploy/target/quarkus-app/quarkus-run.jar}) started the way a user starts it: dev on
 * a local SQLite file with no set-up, prod on PostgreSQL, and prod on SQLite refused.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("quire.app.jar",
            "target/quarkus-app/quarkus-run.jar"));

    @TempDir
    Path workDir;

    @Test
    void devProfileServesTheContentApiOnALocalSqliteFile() throws Exception {
        String password;
        String documentId;
        try (App app = App.start(workDir, Map.of(), "-Dquarkus.profile=dev")) {
            app.awaitReady();
            Matcher printed = Pattern.compile("password: (\\S+)").matcher(app.output());
            assertThat(printed.find()).as("the dev admin's password is printed").isTrue();
            password = printed.group(1);
            String token = app.login("admin@quire.local", password);
            app.as(token).body(Api.articleSchema("article", "articles")).post("/admin/content-types").then()
                    .statusCode(201);
            documentId = app.as(token).body(Map.of("data", Map.of("title", "Made in dev"))).post("/api/articles")
                    .then().statusCode(201).extract().path("data.documentId");
        }
        assertThat(workDir.resolve("data/quire.db")).isRegularFile();

        try (App again = App.start(workDir, Map.of(), "-Dquarkus.profile=dev")) {
            again.awaitReady();
            assertThat(again.output()).as("the dev admin is printed only once").doesNotContain("password:");
            String token = again.login("admin@quire.local", password);
            again.as(token).get("/api/articles/" + documentId).then().statusCode(200)
                    .body("data.title", equalTo("Made in dev"));
        }
    }

    @Test
    void prodProfileServesTheSameApiOnPostgres() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("jar");
                App app = App.start(workDir, Map.of(
                        "CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                        "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(),
                        "CMS_ADMIN_EMAIL", "ops@example.com",
                        "CMS_ADMIN_PASSWORD", "a-long-prod-password"))) {
            app.awaitReady();
            assertThat(app.output()).contains("Profile prod activated").contains("Storage: postgres");
            String token = app.login("ops@example.com", "a-long-prod-password");
            app.as(token).body(Api.articleSchema("article", "articles")).post("/admin/content-types").then()
                    .statusCode(201);
            app.as(token).body(Map.of("data", Map.of("title", "Made in prod"))).post("/api/articles").then()
                    .statusCode(201);
            app.as(token).get("/api/articles").then().statusCode(200)
                    .body("data[0].title", equalTo("Made in prod"))
                    .body("meta.pagination.total", equalTo(1));
            given().baseUri(app.baseUri()).get("/q/health/ready").then().statusCode(200)
                    .body("checks[0].data.kind", equalTo("postgres"));
        }
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void prodProfileRefusesSqliteBeforeServingOrTouchingAFile() throws Exception {
        try (App app = App.start(workDir, Map.of("CMS_STORAGE_KIND", "sqlite"))) {
            int exit = app.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).isNotZero();
            assertThat(app.output())
                    .contains("Refusing to start: storage kind 'sqlite' is not allowed under the prod profile")
                    .contains("write lock").contains("crash").contains("backup")
                    .contains("CMS_STORAGE_KIND=postgres").contains("CMS_STORAGE_POSTGRES_JDBC_URL=")
                    .doesNotContain("Listening on").doesNotContain("\tat ");
        }
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void anUnknownStorageKindIsRefusedListingTheKnownOnes() throws Exception {
        try (App app = App.start(workDir, Map.of("CMS_STORAGE_KIND", "mongodb"), "-Dquarkus.profile=dev")) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(app.output()).contains("Unknown storage kind 'mongodb'")
                    .contains("Known kinds: postgres, sqlite.");
        }
    }

    /** One running java -jar process with its console output collected. */
    private static final class App implements AutoCloseable {

        private final Process process;
        private final int port;
        private final StringBuffer output = new StringBuffer();

        private App(Process process, int port) {
            this.process = process;
            this.port = port;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.append(line).append('\n');
                    }
                } catch (IOException e) {
                    output.append("[output closed: ").append(e.getMessage()).append("]\n");
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static App start(Path dir, Map<String, String> env, String... jvmArgs) throws IOException {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dquarkus.http.port=" + port));
            command.addAll(List.of(jvmArgs));
            command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("CMS_") || k.startsWith("QUARKUS_"));
            builder.environment().putAll(env);
            Files.createDirectories(dir);
            return new App(builder.start(), port);
        }

        String baseUri() {
            return "http://127.0.0.1:" + port;
        }

        String output() {
            return output.toString();
        }

        void awaitReady() {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast("the application exited:\n" + output, () -> !process.isAlive())
                    .ignoreExceptions()
                    .until(() -> given().baseUri(baseUri()).get("/q/health/ready").statusCode() == 200);
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("exited").isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !output.isEmpty());
            return process.exitValue();
        }

        String login(String email, String password) {
            return given().baseUri(baseUri()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", password)).post("/admin/login").then().statusCode(200)
                    .extract().path("data.token");
        }

        RequestSpecification as(String token) {
            return given().baseUri(baseUri()).contentType(ContentType.JSON)
                    .header("Authorization", "Bearer " + token);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
