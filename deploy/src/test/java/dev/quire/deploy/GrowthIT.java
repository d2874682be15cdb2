package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * Growth: the latency of a filtered, sorted list on an indexed attribute with 10,000 and with 1,000,000 entries of one
 * type, on SQLite and on PostgreSQL, and the ratio between the two sizes. The entries are bulk-inserted with SQL
 * (seeding a million through the API would take most of an hour on PostgreSQL); the content type, its index and every
 * request go through Quire. Off by default: {@code -Dquire.growth=true} (sizes with {@code -Dquire.growth.sizes}).
 * Writes {@code target/benchmark/growth.md}.
 */
@EnabledIfSystemProperty(named = "quire.growth", matches = "true")
class GrowthIT {

    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "a-long-prod-password";
    private static final int WARM_UP = 100;
    private static final int REQUESTS = 500;

    @TempDir
    Path workDir;

    @Test
    void filteredSortedListLatencyAt10kAnd1M() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("quire.growth.sizes", "10000,1000000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Map<String, double[]> results = new LinkedHashMap<>();
        for (int size : sizes) {
            results.put("SQLite " + size, sqlite(size));
            try (PostgresTestDatabase database = PostgresTestDatabase.create("growth")) {
                results.put("PostgreSQL " + size, postgres(database, size));
            }
        }
        StringBuilder md = new StringBuilder("| Entries | p50 ms | p99 ms |\n|---|---|---|\n");
        results.forEach((name, r) -> md.append(String.format("| %s | %.2f | %.2f |%n", name, r[0], r[1])));
        for (String kind : new String[]{"SQLite", "PostgreSQL"}) {
            double small = results.get(kind + " " + sizes[0])[0];
            double large = results.get(kind + " " + sizes[sizes.length - 1])[0];
            md.append(String.format("%n%s: p50 at %,d ÷ p50 at %,d = %.2f×%n", kind, sizes[sizes.length - 1],
                    sizes[0], large / small));
        }
        Files.createDirectories(Path.of("target/benchmark"));
        Files.writeString(Path.of("target/benchmark/growth.md"), md);
        System.out.println(md);
    }

    private double[] sqlite(int size) throws Exception {
        Path dir = workDir.resolve("sqlite" + size);
        Map<String, String> env = Map.of("CMS_ADMIN_EMAIL", EMAIL, "CMS_ADMIN_PASSWORD", PASSWORD);
        createType(QuireProcess.start(dir, env, "-Dquarkus.profile=dev"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/quire.db"));
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TEMP TABLE n AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s"
                    + " WHERE i < " + size + ") SELECT i FROM s");
            st.execute("INSERT INTO document (content_type_id, document_id) SELECT (SELECT id FROM content_type"
                    + " WHERE uid = 'item'), printf('g%023d', i) FROM n");
            st.execute("INSERT INTO entry (content_type_id, document_id, locale, status, data, version, created_at,"
                    + " updated_at, published_at) SELECT (SELECT id FROM content_type WHERE uid = 'item'),"
                    + " printf('g%023d', i), 'en', 'published', json_object('title', 'item ' || i, 'rank', i), 1,"
                    + " 1763700000000 + i, 1763700000000 + i, 1763700000000 + i FROM n");
            c.commit();
        }
        return measure(QuireProcess.start(dir, env, "-Dquarkus.profile=dev"), size);
    }

    private double[] postgres(PostgresTestDatabase database, int size) throws Exception {
        Map<String, String> env = Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(), "CMS_ADMIN_EMAIL", EMAIL,
                "CMS_ADMIN_PASSWORD", PASSWORD, "CMS_SECURITY_SIGNING_KEY",
                "a-prod-signing-key-of-more-than-32-characters");
        Path dir = workDir.resolve("pg" + size);
        createType(QuireProcess.start(dir, env));
        Properties props = new Properties();
        props.setProperty("user", PostgresTestDatabase.user());
        try (Connection c = new org.postgresql.Driver().connect(database.jdbcUrl(), props);
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO document (content_type_id, document_id) SELECT (SELECT id FROM content_type"
                    + " WHERE uid = 'item'), 'g' || lpad(i::text, 23, '0') FROM generate_series(1, " + size + ") i");
            st.execute("INSERT INTO entry (content_type_id, document_id, locale, status, data, version, created_at,"
                    + " updated_at, published_at) SELECT (SELECT id FROM content_type WHERE uid = 'item'),"
                    + " 'g' || lpad(i::text, 23, '0'), 'en', 'published', jsonb_build_object('title', 'item ' || i,"
                    + " 'rank', i), 1, now(), now(), now() FROM generate_series(1, " + size + ") i");
            // what autovacuum does on its own after a bulk load, done now rather than waited for
            st.execute("ANALYZE");
        }
        return measure(QuireProcess.start(dir, env), size);
    }

    private static void createType(QuireProcess app) throws Exception {
        try (app) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "item", "pluralName", "items", "displayName", "Item"),
                    "attributes", Map.of("title", Map.of("type", "string"),
                            "rank", Map.of("type", "integer", "index", true))))
                    .post("/admin/content-types").then().statusCode(201);
        }
    }

    /** p50 and p99 in ms of sequential filtered, sorted list requests for 50 ranks at random places. */
    private static double[] measure(QuireProcess app, int size) throws Exception {
        try (app) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            HttpClient client = HttpClient.newHttpClient();
            Random random = new Random(42);
            double[] latencies = new double[REQUESTS];
            for (int i = -WARM_UP; i < REQUESTS; i++) {
                int from = 1 + random.nextInt(size - 50);
                String query = "filters" + enc("[rank][$gte]") + "=" + from + "&filters" + enc("[rank][$lt]") + "="
                        + (from + 50) + "&sort=" + enc("rank:desc") + "&pagination" + enc("[pageSize]") + "=25";
                HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUri() + "/api/items?" + query))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
                long started = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - started) / 1e6;
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"rank\":" + (from + 49)).contains("\"total\":50");
                if (i >= 0) {
                    latencies[i] = ms;
                }
            }
            Arrays.sort(latencies);
            return new double[]{latencies[REQUESTS / 2], latencies[(int) (REQUESTS * 0.99)]};
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
