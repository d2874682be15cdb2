package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * The crash suite: the packaged application is killed with SIGKILL in the middle of 32 concurrent writers, round after
 * round, on SQLite and on PostgreSQL. After every kill: SQLite's {@code integrity_check} is ok; every create answered
 * 201 is in the database; every stored entry has its relation, its domain event, its webhook delivery and its audit
 * row, and no event exists without its entry (all or nothing); and the application starts and is ready again with no
 * manual step. {@code quire.crash.rounds} rounds (3 by default; more with {@code -Dquire.crash.rounds=20}).
 */
class CrashIT {

    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "a-long-prod-password";
    private static final int WRITERS = 32;
    private static final Pattern DOCUMENT_ID = Pattern.compile("\"documentId\":\"([a-z0-9]+)\"");

    @TempDir
    Path workDir;

    @FunctionalInterface
    interface Starter {

        QuireProcess start() throws Exception;
    }

    @FunctionalInterface
    interface Database {

        Connection connect() throws SQLException;
    }

    @Test
    void sqliteSurvivesKillsDuringWriteLoad() throws Exception {
        Map<String, String> env = Map.of("CMS_ADMIN_EMAIL", EMAIL, "CMS_ADMIN_PASSWORD", PASSWORD);
        Path file = workDir.resolve("data/quire.db");
        rounds(() -> QuireProcess.start(workDir, env, "-Dquarkus.profile=dev"),
                () -> DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()), true);
    }

    @Test
    void postgresSurvivesKillsDuringWriteLoad() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("crash")) {
            Map<String, String> env = Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                    "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(), "CMS_ADMIN_EMAIL", EMAIL,
                    "CMS_ADMIN_PASSWORD", PASSWORD, "CMS_SECURITY_SIGNING_KEY",
                    "a-prod-signing-key-of-more-than-32-characters", "CMS_WEBHOOKS_ALLOWED_PRIVATE_TARGETS",
                    "127.0.0.1");
            Properties props = new Properties();
            props.setProperty("user", PostgresTestDatabase.user());
            rounds(() -> QuireProcess.start(workDir, env),
                    () -> new org.postgresql.Driver().connect(database.jdbcUrl(), props), false);
        }
    }

    private void rounds(Starter starter, Database database, boolean sqlite) throws Exception {
        int rounds = Integer.getInteger("quire.crash.rounds", 3);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        String author = null;
        long totalAcked = 0;
        try (Receiver receiver = Receiver.start()) {
            for (int round = 1; round <= rounds; round++) {
                QuireProcess app = starter.start();
                try {
                    app.awaitReady();
                    String token = app.login(EMAIL, PASSWORD);
                    if (author == null) {
                        author = setUp(app, token, receiver);
                    }
                    int before = acked.size();
                    load(app, token, author, acked,
                            Duration.ofMillis(1000 + ThreadLocalRandom.current().nextInt(1500)));
                    totalAcked += acked.size() - before;
                } finally {
                    app.kill();
                }
                check(database, acked, sqlite, round);
            }
            QuireProcess last = starter.start();
            try {
                last.awaitReady();
            } finally {
                last.close();
            }
        }
        System.out.printf("Crash suite (%s): %d rounds of SIGKILL under %d writers, %d creates acknowledged, all"
                + " present and whole%n", sqlite ? "SQLite" : "PostgreSQL", rounds, WRITERS, totalAcked);
    }

    private static String setUp(QuireProcess app, String token, Receiver receiver) {
        app.as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", "author", "pluralName", "authors", "displayName", "Author"),
                "attributes", Map.of("name", Map.of("type", "string"))))
                .post("/admin/content-types").then().statusCode(201);
        app.as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", "book", "pluralName", "books", "displayName", "Book"),
                "attributes", Map.of("title", Map.of("type", "string", "unique", true),
                        "author", Map.of("type", "relation", "relation", "manyToOne", "target", "author"))))
                .post("/admin/content-types").then().statusCode(201);
        app.as(token).body(Map.of("name", "crash", "url", receiver.url("/crash"), "events",
                List.of("entry.create"))).post("/admin/webhooks").then().statusCode(201);
        return app.as(token).body(Map.of("data", Map.of("name", "Ann"))).post("/api/authors").then().statusCode(201)
                .extract().path("data.documentId");
    }

    /** 32 writers create books until the time is up; the process is killed while they are still writing. */
    private static void load(QuireProcess app, String token, String author, Set<String> acked, Duration duration)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int i = 0; i < WRITERS; i++) {
            writers.execute(() -> {
                while (running.get()) {
                    String body = "{\"data\":{\"title\":\"" + UUID.randomUUID() + "\",\"author\":\"" + author + "\"}}";
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.baseUri()
                                + "/api/books")).header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 201) {
                            Matcher m = DOCUMENT_ID.matcher(response.body());
                            if (m.find()) {
                                acked.add(m.group(1));
                            }
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(duration.toMillis());
        try {
            app.kill();
        } finally {
            running.set(false);
            writers.shutdown();
            writers.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    private static void check(Database database, Set<String> acked, boolean sqlite, int round) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            if (sqlite) {
                assertThat(strings(st, "PRAGMA integrity_check")).as("integrity after round %d", round)
                        .containsExactly("ok");
                assertThat(strings(st, "PRAGMA foreign_key_check")).isEmpty();
            }
            Set<String> books = new HashSet<>(strings(st, "SELECT e.document_id FROM entry e JOIN content_type t"
                    + " ON t.id = e.content_type_id WHERE t.uid = 'book'"));
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(books);
            assertThat(missing).as("acknowledged creates missing after round %d", round).isEmpty();
            assertThat(strings(st, "SELECT e.document_id FROM entry e JOIN content_type t ON t.id = e.content_type_id"
                    + " WHERE t.uid = 'book' AND NOT EXISTS (SELECT 1 FROM entry_link l WHERE l.entry_id = e.id"
                    + " AND l.field = 'author')")).as("books without their relation").isEmpty();
            assertThat(strings(st, "SELECT e.document_id FROM entry e JOIN content_type t ON t.id = e.content_type_id"
                    + " WHERE t.uid = 'book' AND NOT EXISTS (SELECT 1 FROM domain_event d WHERE d.model = 'book'"
                    + " AND d.document_id = e.document_id AND d.event = 'entry.create')"))
                    .as("books without their event").isEmpty();
            assertThat(strings(st,
                    "SELECT d.document_id FROM domain_event d WHERE d.model = 'book' AND d.event = 'entry.create' AND NOT EXISTS"
                            + " (SELECT 1 FROM entry e JOIN content_type t ON t.id = e.content_type_id WHERE t.uid = 'book'"
                            + " AND e.document_id = d.document_id)"))
                    .as("events without their book").isEmpty();
            assertThat(strings(st,
                    "SELECT d.document_id FROM domain_event d WHERE d.model = 'book' AND d.event = 'entry.create' AND NOT EXISTS"
                            + " (SELECT 1 FROM webhook_delivery w WHERE w.event_id = d.id)"))
                    .as("events without their webhook delivery").isEmpty();
            assertThat(strings(st,
                    "SELECT d.document_id FROM domain_event d WHERE d.model = 'book' AND d.event = 'entry.create' AND NOT EXISTS"
                            + " (SELECT 1 FROM audit_log a WHERE a.target = 'book/' || d.document_id || '?locale=en'"
                            + " AND a.action = 'entry.create')"))
                    .as("events without their audit row").isEmpty();
            Map<String, Long> counts = new HashMap<>();
            for (String table : List.of("entry", "domain_event", "webhook_delivery")) {
                counts.put(table, Long.parseLong(strings(st, "SELECT count(*) FROM " + table).get(0)));
            }
            System.out.printf("Crash round %d: %d acknowledged so far, %d books stored, rows %s%n", round,
                    acked.size(), books.size(), counts);
        }
    }

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
