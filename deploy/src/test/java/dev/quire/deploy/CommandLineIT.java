package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * The command line, run as an operator runs it: {@code java -jar quarkus-run.jar <command>} against a SQLite file that
 * Quire populated through its APIs (two content types, locales, drafts and published versions, relations, a schedule, a
 * webhook with its deliveries, a custom role, a user, an API token) and against real PostgreSQL databases. Checksums
 * are compared as {@code check} prints them, computed afresh from each database.
 */
class CommandLineIT {

    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "a-long-prod-password";
    private static final String SIGNING_KEY = "a-signing-key-of-more-than-32-characters";
    private static final Map<String, String> SQLITE_ENV = Map.of("CMS_ADMIN_EMAIL", EMAIL, "CMS_ADMIN_PASSWORD",
            PASSWORD, "CMS_SECURITY_SIGNING_KEY", SIGNING_KEY);
    private static final List<String> DEV = List.of("-Dquarkus.profile=dev");
    private static final Pattern SUMMARY_LINE = Pattern.compile("(?m)^  (\\S+)\\s+(\\d+)  ([0-9a-f]{64})$");

    @TempDir
    static Path populated;

    static String apiToken;
    static String helloId;
    static String soonId;
    static String writerEmail;

    @BeforeAll
    static void populateSqliteThroughTheApi() throws Exception {
        try (QuireProcess app = QuireProcess.start(populated, SQLITE_ENV, "-Dquarkus.profile=dev")) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "author", "pluralName", "authors", "displayName", "Author"),
                    "options", Map.of("draftAndPublish", false),
                    "attributes", Map.of("name", Map.of("type", "string", "index", true))))
                    .post("/admin/content-types").then().statusCode(201);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "article", "pluralName", "articles", "displayName", "Article"),
                    "options", Map.of("draftAndPublish", true),
                    "pluginOptions", Map.of("i18n", Map.of("localized", true)),
                    "attributes", Map.of(
                            "title", Map.of("type", "string", "required", true, "unique", true),
                            "views", Map.of("type", "integer", "index", true),
                            "rating", Map.of("type", "decimal"),
                            "author", Map.of("type", "relation", "relation", "manyToOne", "target",
                                    "api::author.author"))))
                    .post("/admin/content-types").then().statusCode(201);
            String ann = app.as(token).body(Map.of("data", Map.of("name", "Ann"))).post("/api/authors").then()
                    .statusCode(201).extract().path("data.documentId");
            app.as(token).body(Map.of("data", Map.of("name", "Bob"))).post("/api/authors").then().statusCode(201);
            helloId = app.as(token).body(Map.of("data", Map.of("title", "Hello", "views", 7, "rating", 4.5,
                    "author", ann))).post("/api/articles").then().statusCode(201).extract().path("data.documentId");
            app.as(token).queryParam("locale", "fr").body(Map.of("data", Map.of("title", "Bonjour", "views", 3)))
                    .put("/api/articles/" + helloId).then().statusCode(200);
            app.as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Hello, edited",
                    "views", 8))).put("/api/articles/" + helloId).then().statusCode(200);
            soonId = app.as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Soon")))
                    .post("/api/articles").then().statusCode(201).extract().path("data.documentId");
            app.as(token).body(Map.of("publishAt", Instant.now().plus(30, ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.MILLIS).toString()))
                    .put("/admin/content/articles/" + soonId + "/schedule").then().statusCode(200);
            app.as(token).body(Map.of("name", "search-index", "url", "http://127.0.0.1:9/hook", "events",
                    List.of("entry.create", "entry.update"))).post("/admin/webhooks").then().statusCode(201);
            app.as(token).body(Map.of("name", "writer", "permissions", Map.of("content", Map.of("article",
                    List.of("find", "create"))))).post("/admin/roles").then().statusCode(201);
            writerEmail = "writer@example.com";
            app.as(token).body(Map.of("email", writerEmail, "password", "a-good-password", "role", "writer"))
                    .post("/admin/users").then().statusCode(201);
            apiToken = app.as(token).body(Map.of("name", "front-end", "type", "read-only"))
                    .post("/admin/api-tokens").then().statusCode(201).extract().path("data.accessKey");
            app.as(token).body(Map.of("data", Map.of("title", "After token"))).post("/api/articles").then()
                    .statusCode(201);
        }
        assertThat(populated.resolve("data/quire.db-wal")).as("a stopped Quire leaves one self-contained file")
                .doesNotExist();
    }

    @Test
    void exportFromSqliteImportsIntoPostgresWithEqualChecksumsAndWorksThere() throws Exception {
        Path archive = populated.resolve("quire-archive.jsonl.gz");
        QuireProcess.Run export = QuireProcess.command(populated, Map.of(), DEV, "export", "--out",
                archive.toString(), "--quiet");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains("Exported ").contains("from SQLite");
        assertThat(Files.exists(archive)).isTrue();
        assertThat(Files.exists(populated.resolve("quire-archive.jsonl.gz.partial"))).isFalse();

        QuireProcess.Run again = QuireProcess.command(populated, Map.of(), DEV, "export", "--out",
                archive.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        Map<String, String> source = checksums(check(populated, DEV, "--sqlite", "data/quire.db"));
        assertThat(source).containsKeys("content_type", "entry", "entry_link", "entry_schedule", "webhook",
                "webhook_delivery", "role", "admin_user", "api_token", "audit_log", "article", "author");
        // Hello in en and fr, each published with a draft; Soon, a draft; After token, published with a draft
        assertThat(source.get("article")).startsWith("7 ");
        assertThat(source.get("author")).startsWith("2 ");
        assertThat(checksums(check(populated, List.of(), "--archive", archive.toString()))).isEqualTo(source);

        try (PostgresTestDatabase database = PostgresTestDatabase.create("cli_import")) {
            String[] target = {"--postgres", database.jdbcUrl(), "--user", PostgresTestDatabase.user()};
            QuireProcess.Run imported = QuireProcess.command(populated, Map.of(), List.of(),
                    concat(new String[]{"import", "--in", archive.toString()}, target));
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).contains("every table's rows and checksum match the archive");
            assertThat(checksums(check(populated, List.of(), target))).isEqualTo(source);

            QuireProcess.Run rerun = QuireProcess.command(populated, Map.of(), List.of(),
                    concat(new String[]{"import", "--in", archive.toString()}, target));
            assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
            assertThat(rerun.out()).contains("already holds exactly the archive's");

            Path back = populated.resolve("from-postgres.jsonl.gz");
            QuireProcess.Run exported = QuireProcess.command(populated, Map.of(), List.of(),
                    concat(new String[]{"export", "-q", "--out", back.toString()}, target));
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
            Path sqliteAgain = populated.resolve("round-trip/quire.db");
            QuireProcess.Run intoSqlite = QuireProcess.command(populated, Map.of(), List.of(), "import", "-q",
                    "--in", back.toString(), "--sqlite", sqliteAgain.toString());
            assertThat(intoSqlite.exitCode()).as(intoSqlite.toString()).isZero();
            assertThat(checksums(check(populated, List.of(), "--sqlite", sqliteAgain.toString()))).isEqualTo(source);

            servesTheSameContent(database);
        }
    }

    /** Quire started on the imported database: logins, token, locales, drafts, relations, schedule, new ids. */
    private void servesTheSameContent(PostgresTestDatabase database) throws Exception {
        Map<String, String> env = Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(), "CMS_SECURITY_SIGNING_KEY", SIGNING_KEY);
        try (QuireProcess app = QuireProcess.start(populated.resolve("pg-run"), env)) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            app.login(writerEmail, "a-good-password");
            app.as(apiToken).queryParam("populate", "author").get("/api/articles/" + helloId).then()
                    .statusCode(200).body("data.title", equalTo("Hello")).body("data.views", equalTo(7))
                    .body("data.rating", equalTo(4.5f)).body("data.author.name", equalTo("Ann"));
            app.as(apiToken).queryParam("locale", "fr").get("/api/articles/" + helloId).then().statusCode(200)
                    .body("data.title", equalTo("Bonjour"));
            app.as(token).queryParam("status", "draft").get("/api/articles/" + helloId).then().statusCode(200)
                    .body("data.title", equalTo("Hello, edited"));
            app.as(token).get("/admin/content/articles/" + soonId).then().statusCode(200)
                    .body("data.schedule.publishAt", notNullValue()).body("data.draft.title", equalTo("Soon"));
            app.as(token).get("/admin/webhooks").then().statusCode(200).body("data.name", hasItem("search-index"));
            app.as(token).get("/admin/roles/writer").then().statusCode(200)
                    .body("data.permissions.content.article", contains("find", "create"));
            app.as(apiToken).queryParam("filters[views][$gte]", 7).queryParam("sort", "views:desc")
                    .get("/api/articles").then().statusCode(200).body("data.title", contains("Hello"));
            // the import loads entries with the counter triggers off and recounts at its end
            JsonPath before = app.as(token).queryParam("pagination[pageSize]", 100).get("/api/articles").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(before.getInt("meta.pagination.total")).isEqualTo(before.getList("data").size()).isPositive();
            app.as(token).body(Map.of("data", Map.of("title", "Written on PostgreSQL"))).post("/api/articles")
                    .then().statusCode(201);
            app.as(token).queryParam("pagination[pageSize]", 1).get("/api/articles").then().statusCode(200)
                    .body("meta.pagination.total", equalTo(before.getInt("meta.pagination.total") + 1));
            app.as(token).body(Map.of("data", Map.of("title", "Hello"))).post("/api/articles").then()
                    .statusCode(400).body("error.details.errors[0].message", equalTo("This attribute must be unique"));
        }
    }

    @Test
    void migrateCopiesVerifiesRefusesADifferentTargetAndIsSafeToRerun() throws Exception {
        Path copy = Files.createDirectories(populated.resolve("migrate/data")).resolve("quire.db");
        Files.copy(populated.resolve("data/quire.db"), copy);
        Map<String, String> source = checksums(check(populated, List.of(), "--sqlite", copy.toString()));
        try (PostgresTestDatabase database = PostgresTestDatabase.create("cli_migrate");
                PostgresTestDatabase other = PostgresTestDatabase.create("cli_migrate_other")) {
            String[] migrate = {"migrate", "--from", copy.toString(), "--to", database.jdbcUrl(), "--to-user",
                    PostgresTestDatabase.user(), "--quiet"};
            QuireProcess.Run first = QuireProcess.command(populated, Map.of(), List.of(), migrate);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(first.out()).contains("Migrated ").contains("every table's rows and checksum match");
            assertThat(checksums(first.out())).isEqualTo(source);
            String[] target = {"--postgres", database.jdbcUrl(), "--user", PostgresTestDatabase.user()};
            assertThat(checksums(check(populated, List.of(), target))).isEqualTo(source);

            QuireProcess.Run rerun = QuireProcess.command(populated, Map.of(), List.of(), migrate);
            assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
            assertThat(rerun.out()).contains("already holds exactly");

            String[] intoOther = {"migrate", "--from", copy.toString(), "--to", other.jdbcUrl(), "--to-user",
                    PostgresTestDatabase.user(), "--quiet"};
            QuireProcess.Run intoOtherRun = QuireProcess.command(populated, Map.of(), List.of(), intoOther);
            assertThat(intoOtherRun.exitCode()).as(intoOtherRun.toString()).isZero();
            try (Connection c = other.connect()) {
                execute(c, "DELETE FROM entry_schedule");
                execute(c, "UPDATE entry SET data = jsonb_set(data, '{title}', '\"changed\"') WHERE id = "
                        + "(SELECT MIN(id) FROM entry)");
            }
            long entriesBefore = count(other, "entry");
            QuireProcess.Run refused = QuireProcess.command(populated, Map.of(), List.of(), intoOther);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("not empty").contains("--force").contains("Nothing was changed");
            assertThat(count(other, "entry_schedule")).isZero();
            assertThat(count(other, "entry")).isEqualTo(entriesBefore);

            QuireProcess.Run forced = QuireProcess.command(populated, Map.of(), List.of(),
                    concat(intoOther, new String[]{"--force"}));
            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(checksums(check(populated, List.of(), "--postgres", other.jdbcUrl(), "--user",
                    PostgresTestDatabase.user()))).isEqualTo(source);
        }
    }

    @Test
    void migrateRefusesASourceThatQuireIsServing() throws Exception {
        Path dir = populated.resolve("serving");
        Files.createDirectories(dir.resolve("data"));
        Files.copy(populated.resolve("data/quire.db"), dir.resolve("data/quire.db"));
        try (QuireProcess app = QuireProcess.start(dir, SQLITE_ENV, "-Dquarkus.profile=dev");
                PostgresTestDatabase database = PostgresTestDatabase.create("cli_busy")) {
            app.awaitReady();
            QuireProcess.Run refused = QuireProcess.command(dir, Map.of(), List.of(), "migrate", "--from",
                    "data/quire.db", "--to", database.jdbcUrl(), "--to-user", PostgresTestDatabase.user());
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.err()).contains("another process").contains("stop the Quire serving");
            assertThat(count(database, "entry")).isZero();
        }
    }

    @Test
    void aDamagedOrIncompleteArchiveIsRefusedAndTheTargetStaysEmpty() throws Exception {
        Path archive = populated.resolve("damaged-source.jsonl.gz");
        assertThat(QuireProcess.command(populated, Map.of(), DEV, "export", "--out", archive.toString(), "-q")
                .exitCode()).isZero();
        String text = gunzip(archive);
        Path tampered = populated.resolve("tampered.jsonl.gz");
        gzip(tampered, text.replace("\"Bonjour\"", "\"Bonsoir\""));
        Path truncated = populated.resolve("truncated.jsonl.gz");
        gzip(truncated, text.substring(0, text.lastIndexOf("{\"end\"")));
        Path cut = populated.resolve("cut.jsonl.gz");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        try (PostgresTestDatabase database = PostgresTestDatabase.create("cli_damaged")) {
            Map<Path, String> expected = new LinkedHashMap<>();
            expected.put(tampered, "is damaged: its rows do not match its checksums");
            expected.put(truncated, "is incomplete: it has no trailer");
            expected.put(cut, "is not a complete gzip file");
            for (Map.Entry<Path, String> bad : expected.entrySet()) {
                QuireProcess.Run run = QuireProcess.command(populated, Map.of(), List.of(), "import", "--in",
                        bad.getKey().toString(), "--postgres", database.jdbcUrl(), "--user",
                        PostgresTestDatabase.user());
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
                assertThat(run.err()).contains(bad.getValue());
                QuireProcess.Run checked = QuireProcess.command(populated, Map.of(), List.of(), "check", "--archive",
                        bad.getKey().toString());
                assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(1);
            }
            assertThat(count(database, "entry")).isZero();
            assertThat(count(database, "content_type")).isZero();
        }
    }

    @Test
    void aBackupTakenUnderWriteLoadPassesItsChecksAndRestores() throws Exception {
        Path dir = populated.resolve("live");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> beforeBackup;
        Path backup = dir.resolve("backups/quire-backup.db");
        try (QuireProcess app = QuireProcess.start(dir, SQLITE_ENV, "-Dquarkus.profile=dev")) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "note", "pluralName", "notes", "displayName", "Note"),
                    "options", Map.of("draftAndPublish", false),
                    "attributes", Map.of("text", Map.of("type", "string"))))
                    .post("/admin/content-types").then().statusCode(201);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                futures.add(writers.submit(() -> {
                    int n = 0;
                    while (running.get() && n++ < 5_000) {
                        String id = app.as(token).body(Map.of("data", Map.of("text", "note " + n))).post("/api/notes")
                                .then().statusCode(201).extract().path("data.documentId");
                        acknowledged.add(id);
                    }
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
            beforeBackup = Set.copyOf(acknowledged);
            QuireProcess.Run run = QuireProcess.command(dir, Map.of(), DEV, "backup", "--out", backup.toString());
            int duringBackup = acknowledged.size() - beforeBackup.size();
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            for (var f : futures) {
                f.get();
            }
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("integrity_check and foreign_key_check: ok");
            assertThat(duringBackup).as("creates acknowledged while the backup ran").isPositive();
        }
        String checked = check(dir, List.of(), "--sqlite", backup.toString());
        assertThat(checked).contains("integrity_check ok, foreign_key_check ok");

        Path restored = populated.resolve("restored");
        Files.createDirectories(restored.resolve("data"));
        Files.copy(backup, restored.resolve("data/quire.db"));
        try (QuireProcess app = QuireProcess.start(restored, SQLITE_ENV, "-Dquarkus.profile=dev")) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            JsonPath page = app.as(token).queryParam("pagination[pageSize]", 1).get("/api/notes").then()
                    .statusCode(200).extract().jsonPath();
            int total = page.getInt("meta.pagination.total");
            assertThat(total).isBetween(beforeBackup.size(), acknowledged.size());
            for (String id : beforeBackup) {
                app.as(token).get("/api/notes/" + id).then().statusCode(200);
            }
        }
    }

    @Test
    void checkReportsADamagedDatabaseWithExitCodeOne() throws Exception {
        Path damaged = populated.resolve("damaged/quire.db");
        Files.createDirectories(damaged.getParent());
        Files.copy(populated.resolve("data/quire.db"), damaged);
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
            for (long page = 2; page * 4096 < file.length(); page += 3) {
                file.seek(page * 4096 + 8);
                file.write("garbage garbage garbage garbage".getBytes(StandardCharsets.UTF_8));
            }
        }
        QuireProcess.Run run = QuireProcess.command(populated, Map.of(), List.of(), "check", "--sqlite",
                damaged.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out() + run.err()).containsAnyOf("FAILED its checks", "malformed", "corrupt");
    }

    private static String check(Path dir, List<String> jvmArgs, String... target) throws Exception {
        QuireProcess.Run run = QuireProcess.command(dir, Map.of(), jvmArgs, concat(new String[]{"check", "-q"},
                target));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run.out();
    }

    /** Table or content type → "rows sha256", as {@code check}, {@code export}, {@code import} print them. */
    private static Map<String, String> checksums(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SUMMARY_LINE.matcher(output);
        while (m.find()) {
            out.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        assertThat(out).as("checksum lines in:\n" + output).isNotEmpty();
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(PostgresTestDatabase database, String table) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            try (ResultSet exists = st.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void gzip(Path file, String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.write(file, bytes.toByteArray());
    }
}
