package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * The packaged application ({@code deploy/target/quarkus-app/quarkus-run.jar}) started the way a user starts it: dev on
 * a local SQLite file with no set-up, prod on PostgreSQL, and prod on SQLite refused.
 */
class PackagedJarIT {

    @TempDir
    Path workDir;

    @Test
    void devProfileServesTheContentApiOnALocalSqliteFile() throws Exception {
        String password;
        String documentId;
        try (QuireProcess app = QuireProcess.start(workDir, Map.of(), "-Dquarkus.profile=dev")) {
            app.awaitReady();
            password = devAdminPassword(app);
            String token = app.login("admin@quire.local", password);
            app.as(token).body(Api.articleSchema("article", "articles")).post("/admin/content-types").then()
                    .statusCode(201);
            documentId = app.as(token).body(Map.of("data", Map.of("title", "Made in dev"))).post("/api/articles")
                    .then().statusCode(201).extract().path("data.documentId");
        }
        assertThat(workDir.resolve("data/quire.db")).isRegularFile();

        try (QuireProcess again = QuireProcess.start(workDir, Map.of(), "-Dquarkus.profile=dev")) {
            again.awaitReady();
            assertThat(again.output()).as("the dev admin is printed only once").doesNotContain("password:");
            String token = again.login("admin@quire.local", password);
            again.as(token).get("/api/articles/" + documentId).then().statusCode(200)
                    .body("data.title", equalTo("Made in dev"));
        }
    }

    /**
     * The class-data archive the build puts next to the jar is used whatever the working directory and however the jar
     * is named, as the README's run command names it relative to the repository: with {@code -Xshare:on} the JVM
     * refuses to start when it cannot map the archive, and the class log shows Quire's own classes coming from it.
     */
    @Test
    void theClassDataArchiveBuiltWithThePackageIsUsedFromAnyDirectory() throws Exception {
        assertThat(QuireProcess.ARCHIVE).isRegularFile();
        Path here = Path.of("").toAbsolutePath();
        Path relativeJar = here.relativize(QuireProcess.ARCHIVE.toAbsolutePath().resolveSibling("quarkus-run.jar"));
        Path out = workDir.resolve("help.out");
        Process help = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:on", "-XX:SharedArchiveFile=" + here.relativize(QuireProcess.ARCHIVE.toAbsolutePath()),
                "-Xlog:class+load=info", "-jar", relativeJar.toString(), "--help")
                .directory(here.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        String printed = Files.readString(out);
        assertThat(help.exitValue()).as(printed).isZero();
        assertThat(printed).contains("dev.quire.cli.Main source: shared objects file (top)")
                .contains("Usage: quire");
    }

    /**
     * A start with no arguments maps from the archive the classes it loads but never links (it loads
     * {@code StorageBusy} for a signature, and {@code JsonProperty} as an annotation, without linking either), which
     * the JVM links when it writes the archive; it serves without building picocli's command line, whose Java 5 classes
     * no JDK 17 archive can hold; and it logs in with the dev admin, whose hash was computed while the server started.
     * Packaged as an {@code aot-jar}, Quire's classes are on the JVM's own class path, so even the lambdas of its
     * configuration come from the archive; behind Quarkus's class loader (the {@code fast-jar}) the JVM defined every
     * one of them again at each start. A start on a new SQLite file reads none of Flyway's, SQLite's or the pool's
     * classes from their jars; when a second build trained on the file the first had left, its database already
     * migrated, the archive lacked the classes that run Flyway's migrations, and every start on a new database read
     * them from Flyway's jar.
     */
    @Test
    void aStartMapsItsClassesFromTheArchiveAndServesWithoutTheCommandLine() throws Exception {
        try (QuireProcess app = QuireProcess.start(workDir, Map.of(), "-Dquarkus.profile=dev", "-Xshare:on",
                "-Xlog:class+load=info")) {
            app.awaitReady();
            app.login("admin@quire.local", devAdminPassword(app));
            assertThat(app.output())
                    .contains("dev.quire.storage.spi.StorageBusy source: shared objects file (top)")
                    .contains("com.fasterxml.jackson.annotation.JsonProperty source: shared objects file (top)")
                    .doesNotContain("picocli.CommandLine source:")
                    .containsPattern(
                            "dev\\.quire\\.CmsConfig\\S*\\$\\$Lambda\\S* source: shared objects file \\(top\\)");
            assertThat(readFromJars(app.output(), "org.flywaydb.", "org.sqlite.", "io.agroal."))
                    .as("classes a start on a new SQLite file read from their jars").isEmpty();
        }
    }

    /**
     * The archive is recorded on SQLite, and the build's training also loads the classes a start on PostgreSQL adds
     * ({@code src/main/cds/postgresql-classes.txt}): a prod start on a new PostgreSQL database that answers a login, a
     * list and the health checks reads none of the driver's, the pool's or Flyway's classes from their jars. Without
     * the list it read 180 of the driver's, and answered its first request about 0.17 s later. When this fails after an
     * upgrade, the classes it names belong in the list.
     */
    @Test
    void aStartOnANewPostgresqlDatabaseMapsItsDriverFromTheArchive() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("archive");
                QuireProcess app = QuireProcess.start(workDir, prodOn(database), "-Xshare:on",
                        "-Xlog:class+load=info")) {
            app.awaitReady();
            String token = app.login("ops@example.com", "a-long-prod-password");
            app.as(token).get("/api/articles").then().statusCode(404);
            given().baseUri(app.baseUri()).get("/q/health/ready").then().statusCode(200);
            Matcher connection = Pattern.compile("\\] org\\.postgresql\\.jdbc\\.PgConnection source: (.+)")
                    .matcher(app.output());
            assertThat(connection.find()).as("the driver's connection class is loaded").isTrue();
            assertThat(connection.group(1)).isEqualTo("shared objects file (top)");
            assertThat(readFromJars(app.output(), "org.flywaydb.", "org.postgresql.", "io.agroal."))
                    .as("classes a start on a new PostgreSQL database read from their jars").isEmpty();
        }
    }

    /** The prod profile's settings on {@code database}, with its first admin ops@example.com. */
    private static Map<String, String> prodOn(PostgresTestDatabase database) {
        return Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(),
                "CMS_ADMIN_EMAIL", "ops@example.com",
                "CMS_ADMIN_PASSWORD", "a-long-prod-password",
                "CMS_SECURITY_SIGNING_KEY", "a-prod-signing-key-of-more-than-32-characters");
    }

    /**
     * The named classes under the given packages that the class log shows read from a jar, not the archive. Quire's own
     * are not asked for: a job's tick may or may not fall within a start and its training, by the clock, and loads
     * classes of its own (such as {@code MissedTicks$Schedule}) when it does.
     */
    private static List<String> readFromJars(String classLog, String... packages) {
        List<String> read = new ArrayList<>();
        Matcher line = Pattern.compile("\\[class,load\\] (\\S+) source: (?:file|jar):").matcher(classLog);
        while (line.find()) {
            if (Stream.of(packages).anyMatch(line.group(1)::startsWith)) {
                read.add(line.group(1));
            }
        }
        return read;
    }

    /**
     * The archive holds what a start uses and little more: at least 90 % of the named classes in its dynamic part are
     * mapped by a start that answers a login, a list and the health checks. The JVM maps the archive whole and a start
     * leaves nearly all of it resident, so each class that a start does not load costs memory. When the training linked
     * every class it had loaded by reflection ({@code getDeclaredMethods()}), it put about 1,000 classes of method
     * signatures in the archive: 85 % of it was used, and the resident size after a start was 5 MB higher.
     */
    @Test
    void theArchiveHoldsLittleBeyondTheClassesAStartLoads() throws Exception {
        Set<String> archived = archivedClasses();
        try (QuireProcess app = QuireProcess.start(workDir, Map.of(), "-Dquarkus.profile=dev", "-Xshare:on",
                "-Xlog:class+load=info")) {
            app.awaitReady();
            String token = app.login("admin@quire.local", devAdminPassword(app));
            app.as(token).get("/api/articles").then().statusCode(404);
            given().baseUri(app.baseUri()).get("/q/health/ready").then().statusCode(200);
            Set<String> mapped = new HashSet<>();
            Matcher line = Pattern.compile("\\[class,load\\] (\\S+) source: shared objects file \\(top\\)")
                    .matcher(app.output());
            while (line.find()) {
                mapped.add(line.group(1));
            }
            long used = archived.stream().filter(mapped::contains).count();
            assertThat(archived).hasSizeGreaterThan(5_000);
            assertThat((double) used / archived.size()).as("%d of %d archived classes mapped", used, archived.size())
                    .isGreaterThan(0.9);
        }
    }

    /**
     * The OpenAPI document is built when {@code /q/openapi} first asks for it, not while the server starts (see
     * {@code LazyOpenApiDocumentService}): a start that answers a list loads none of the classes that build it, and the
     * first request for the document gets all of it.
     */
    @Test
    void theOpenApiDocumentIsBuiltWhenFirstAskedForNotAtStart() throws Exception {
        String built = "io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService$StaticDocument source:";
        try (QuireProcess app = QuireProcess.start(workDir, Map.of(), "-Dquarkus.profile=dev",
                "-Xlog:class+load=info")) {
            app.awaitReady();
            given().baseUri(app.baseUri()).get("/api/articles").then().statusCode(404);
            assertThat(app.output()).doesNotContain(built)
                    .doesNotContain("io.smallrye.openapi.api.SmallRyeOpenAPI$Builder source:");

            given().baseUri(app.baseUri()).get("/q/openapi").then().statusCode(200)
                    .body(containsString("title: Quire")).body(containsString("/api/{name}/{documentId}:"))
                    .body(containsString("/admin/jobs/{name}/trigger:"));
            given().baseUri(app.baseUri()).queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                    .body("info.title", equalTo("Quire"));
            assertThat(app.output()).contains(built);
        }
    }

    /** The dev admin's generated password, which the first start prints once. */
    private static String devAdminPassword(QuireProcess app) {
        Matcher printed = Pattern.compile("password: (\\S+)").matcher(app.output());
        assertThat(printed.find()).as("the dev admin's password is printed").isTrue();
        return printed.group(1);
    }

    /** The named classes (not lambdas, proxies or other hidden classes) in the archive's dynamic part. */
    private Set<String> archivedClasses() throws Exception {
        Path out = workDir.resolve("archive.out");
        Process print = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + QuireProcess.ARCHIVE.toAbsolutePath(), "-XX:+PrintSharedArchiveAndExit",
                "-jar", QuireProcess.ARCHIVE.toAbsolutePath().resolveSibling("quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        String listing = Files.readString(out);
        int dynamic = listing.indexOf("Dynamic archive name");
        assertThat(dynamic).as(listing).isNotNegative();
        Set<String> names = new HashSet<>();
        Matcher entry = Pattern.compile("(?m)^\\s*\\d+: (\\S+) ").matcher(listing);
        entry.region(dynamic, listing.length());
        while (entry.find()) {
            if (!entry.group(1).contains("/")) {
                names.add(entry.group(1));
            }
        }
        return names;
    }

    /**
     * SQLite's native library is loaded from where the build unpacked it next to the jar, not copied into the temporary
     * directory first: a start writes nothing there, and the process maps the unpacked file.
     */
    @Test
    void sqliteLoadsItsNativeLibraryFromBesideTheJar() throws Exception {
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        Path unpacked = QuireProcess.ARCHIVE.toAbsolutePath().resolveSibling(Path.of("lib", "native", "sqlite"))
                .resolve(org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS()).resolve("libsqlitejdbc.so");
        assertThat(unpacked).isRegularFile();
        try (QuireProcess app = QuireProcess.start(workDir, Map.of(), "-Dquarkus.profile=dev",
                "-Djava.io.tmpdir=" + tmp)) {
            app.awaitReady();
            assertThat(Files.readString(Path.of("/proc", Long.toString(app.pid()), "maps")))
                    .contains(unpacked.toRealPath().toString());
            try (var written = Files.list(tmp)) {
                assertThat(written.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains("sqlitejdbc"));
            }
        }
    }

    /**
     * The first admin's hash is computed while the server starts, and the server answers before it is stored: until
     * then readiness is down, and a login sent meanwhile waits for it instead of failing. Argon2 runs interpreted here
     * (excluded from the JIT), which makes the hash take seconds rather than a third of one, so that the login is
     * certain to arrive before the admin is stored.
     */
    @Test
    void aLoginSentAsSoonAsTheServerAnswersFindsTheFirstAdmin() throws Exception {
        try (QuireProcess app = QuireProcess.start(workDir, Map.of("CMS_ADMIN_EMAIL", "first@example.com",
                "CMS_ADMIN_PASSWORD", "a-long-dev-password"), "-Dquarkus.profile=dev", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=exclude,org.bouncycastle.crypto.generators.Argon2BytesGenerator*::*")) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .failFast("the application exited:\n" + app.output(), () -> !app.isAlive())
                    .ignoreExceptions()
                    .until(() -> given().baseUri(app.baseUri()).get("/q/health/live").statusCode() == 200);
            given().baseUri(app.baseUri()).get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'first-admin' }.status", equalTo("DOWN"));
            assertThat(app.output()).doesNotContain("Created the first super-admin");
            assertThat(app.login("first@example.com", "a-long-dev-password")).isNotBlank();
            given().baseUri(app.baseUri()).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'first-admin' }.status", equalTo("UP"));
            assertThat(app.output()).contains("Created the first super-admin first@example.com");
        }
    }

    @Test
    void aSecondProcessOnTheSameSqliteFileIsRefused() throws Exception {
        Map<String, String> env = Map.of("CMS_ADMIN_EMAIL", "ops@example.com", "CMS_ADMIN_PASSWORD",
                "a-long-dev-password");
        try (QuireProcess first = QuireProcess.start(workDir, env, "-Dquarkus.profile=dev")) {
            first.awaitReady();
            try (QuireProcess second = QuireProcess.start(workDir, env, "-Dquarkus.profile=dev")) {
                assertThat(second.awaitExit(Duration.ofSeconds(60))).isNotZero();
                assertThat(second.output()).contains("has the SQLite database").contains("open")
                        .contains("use PostgreSQL").doesNotContain("Listening on");
            }
            given().baseUri(first.baseUri()).get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void prodProfileServesTheSameApiOnPostgres() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("jar");
                QuireProcess app = QuireProcess.start(workDir, prodOn(database))) {
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
                    .body("checks.find { it.name == 'storage' }.data.kind", equalTo("postgres"));
        }
        assertThat(workDir.resolve("data")).doesNotExist();
    }

    @Test
    void prodProfileRefusesSqliteBeforeServingOrTouchingAFile() throws Exception {
        try (QuireProcess app = QuireProcess.start(workDir, Map.of("CMS_STORAGE_KIND", "sqlite"))) {
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
    void prodProfileRefusesMissingOrDefaultSecrets() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("secrets")) {
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                    "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(),
                    "CMS_ADMIN_EMAIL", "ops@example.com", "CMS_ADMIN_PASSWORD", "a-long-prod-password"));
            try (QuireProcess app = QuireProcess.start(workDir.resolve("a"), env)) {
                assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
                assertThat(app.output()).contains("CMS_SECURITY_SIGNING_KEY").contains("is not set")
                        .doesNotContain("Listening on");
            }
            env.put("CMS_SECURITY_SIGNING_KEY", "a-prod-signing-key-of-more-than-32-characters");
            env.put("CMS_ADMIN_PASSWORD", "ChangeMe");
            try (QuireProcess app = QuireProcess.start(workDir.resolve("b"), env)) {
                assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
                assertThat(app.output()).contains("CMS_ADMIN_PASSWORD is a well-known default");
            }
            // the same database once used by the dev profile, which generated its admin there
            try (QuireProcess dev = QuireProcess.start(workDir.resolve("c"), Map.of("CMS_STORAGE_KIND", "postgres",
                    "CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                    "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user()), "-Dquarkus.profile=dev")) {
                dev.awaitReady();
                assertThat(dev.output()).contains("admin@quire.local");
            }
            env.put("CMS_ADMIN_PASSWORD", "a-long-prod-password");
            try (QuireProcess app = QuireProcess.start(workDir.resolve("d"), env)) {
                assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
                assertThat(app.output()).contains("the database has the dev profile's generated admin");
            }
        }
    }

    @Test
    void anUnknownStorageKindIsRefusedListingTheKnownOnes() throws Exception {
        try (QuireProcess app = QuireProcess.start(workDir, Map.of("CMS_STORAGE_KIND", "mongodb"),
                "-Dquarkus.profile=dev")) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(app.output()).contains("Unknown storage kind 'mongodb'")
                    .contains("Known kinds: postgres, sqlite.");
        }
    }

    @Test
    void aMalformedLocaleCodeIsRefusedAtStart() throws Exception {
        try (QuireProcess app = QuireProcess.start(workDir, Map.of("CMS_CONTENT_LOCALES", "fr,fr_FR"),
                "-Dquarkus.profile=dev")) {
            assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(app.output()).contains("cms.content.default-locale and cms.content.locales take locale codes"
                    + " such as en or fr-FR; these are not: \"fr_FR\"").doesNotContain("Listening on");
        }
    }
}
