package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

import dev.quire.storage.postgres.PostgresTestDatabase;

/**
 * Webhooks across process deaths and across instances, with the packaged jar: an instance killed with SIGKILL in the
 * middle of a delivery and right after acknowledging writes loses nothing, and the interrupted delivery goes out again
 * under the same {@code webhook-id}; two instances on one PostgreSQL deliver each event once.
 */
class WebhookDeliveryIT {

    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "a-long-prod-password";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void onSqliteAKillMidDeliveryAndRightAfterAcknowledgingLosesNothing() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("CMS_ADMIN_EMAIL", EMAIL, "CMS_ADMIN_PASSWORD", PASSWORD));
        env.putAll(crashSettings());
        survivesAKill(() -> QuireProcess.start(workDir, env, "-Dquarkus.profile=dev"));
    }

    @Test
    void onPostgresAKillMidDeliveryAndRightAfterAcknowledgingLosesNothing() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("whcrash")) {
            Map<String, String> env = prod(database);
            env.putAll(crashSettings());
            survivesAKill(() -> QuireProcess.start(workDir, env));
        }
    }

    /** A short lease so the test need not wait long for the dead instance's claim to come back. */
    private static Map<String, String> crashSettings() {
        return Map.of("CMS_WEBHOOKS_LEASE", "3s", "CMS_WEBHOOKS_TIMEOUT", "2m", "CMS_WEBHOOKS_POLL_INTERVAL", "200ms",
                "CMS_WEBHOOKS_RETRY_SCHEDULE", "200ms,500ms,1s,1s,1s");
    }

    private static Map<String, String> prod(PostgresTestDatabase database) {
        return new HashMap<>(Map.of("CMS_STORAGE_POSTGRES_JDBC_URL", database.jdbcUrl(),
                "CMS_STORAGE_POSTGRES_USERNAME", PostgresTestDatabase.user(), "CMS_ADMIN_EMAIL", EMAIL,
                "CMS_ADMIN_PASSWORD", PASSWORD, "CMS_SECURITY_SIGNING_KEY",
                "a-prod-signing-key-of-more-than-32-characters", "CMS_WEBHOOKS_ALLOWED_PRIVATE_TARGETS", "127.0.0.1"));
    }

    @FunctionalInterface
    interface Starter {

        QuireProcess start() throws Exception;
    }

    private void survivesAKill(Starter starter) throws Exception {
        receiver.on("/crash", n -> n == 1 ? receiver.hang().answer(n) : Receiver.Answer.status(200));
        List<String> titles = new ArrayList<>();
        long webhookId;
        QuireProcess first = starter.start();
        try {
            first.awaitReady();
            String token = first.login(EMAIL, PASSWORD);
            first.as(token).body(Api.articleSchema("article", "articles")).post("/admin/content-types").then()
                    .statusCode(201);
            webhookId = first.as(token).body(Map.of("name", "crash", "url", receiver.url("/crash"), "events",
                    List.of("entry.create"))).post("/admin/webhooks").then().statusCode(201).extract().jsonPath()
                    .getLong("data.id");
            titles.add("in flight");
            first.as(token).body(Map.of("data", Map.of("title", "in flight"))).post("/api/articles").then()
                    .statusCode(201);
            await().atMost(WAIT).until(() -> receiver.received("/crash").size() == 1);
            for (int i = 0; i < 20; i++) {
                titles.add("acknowledged " + i);
                first.as(token).body(Map.of("data", Map.of("title", "acknowledged " + i))).post("/api/articles")
                        .then().statusCode(201);
            }
        } finally {
            first.kill();
        }
        String hungId = receiver.received("/crash").get(0).webhookId();

        try (QuireProcess second = starter.start()) {
            second.awaitReady();
            await().atMost(WAIT).until(() -> titlesReceived().containsAll(titles) && receiver.received("/crash")
                    .stream().filter(r -> r.webhookId().equals(hungId)).count() >= 2);
            assertThat(receiver.received("/crash").stream().filter(r -> r.webhookId().equals(hungId))
                    .map(r -> r.json().at("/entry/title").asText())).as("the interrupted delivery went out again under"
                            + " its webhook-id")
                    .containsExactly("in flight", "in flight");
            String token = second.login(EMAIL, PASSWORD);
            await().atMost(WAIT).until(() -> second.as(token).queryParam("status", "succeeded")
                    .get("/admin/webhooks/" + webhookId + "/deliveries").jsonPath()
                    .getInt("meta.pagination.total") == titles.size());
            JsonPath log = second.as(token).queryParam("pagination[pageSize]", 100)
                    .get("/admin/webhooks/" + webhookId + "/deliveries").jsonPath();
            List<String> errors = log.getList("data.attempts.flatten().error", String.class);
            assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("interrupted"));
        }
    }

    private Set<String> titlesReceived() {
        return receiver.received("/crash").stream().map(r -> r.json().at("/entry/title").asText())
                .collect(Collectors.toSet());
    }

    @Test
    void twoInstancesOnOnePostgresDeliverEachEventOnce() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create("whtwo")) {
            Map<String, String> env = prod(database);
            try (QuireProcess a = QuireProcess.start(workDir.resolve("a"), env);
                    QuireProcess b = QuireProcess.start(workDir.resolve("b"), env)) {
                a.awaitReady();
                b.awaitReady();
                String tokenA = a.login(EMAIL, PASSWORD);
                String tokenB = b.login(EMAIL, PASSWORD);
                a.as(tokenA).body(Api.articleSchema("article", "articles")).post("/admin/content-types").then()
                        .statusCode(201);
                long webhookId = a.as(tokenA).body(Map.of("name", "shared", "url", receiver.url("/shared"),
                        "events", List.of("entry.create"))).post("/admin/webhooks").then().statusCode(201)
                        .extract().jsonPath().getLong("data.id");
                receiver.on("/shared", n -> {
                    Thread.sleep(20);
                    return Receiver.Answer.status(200);
                });
                int count = 60;
                for (int i = 0; i < count; i++) {
                    (i % 2 == 0 ? a.as(tokenA) : b.as(tokenB)).body(Map.of("data", Map.of("title", "t" + i)))
                            .post("/api/articles").then().statusCode(201);
                }
                await().atMost(WAIT).until(() -> b.as(tokenB).queryParam("status", "succeeded")
                        .get("/admin/webhooks/" + webhookId + "/deliveries").jsonPath()
                        .getInt("meta.pagination.total") == count);

                List<Receiver.Request> got = receiver.received("/shared");
                assertThat(got).hasSize(count);
                assertThat(got.stream().map(Receiver.Request::webhookId).distinct()).hasSize(count);
                assertThat(got.stream().map(r -> r.json().get("eventId").asLong()).distinct()).hasSize(count);
                JsonPath log = a.as(tokenA).queryParam("pagination[pageSize]", 100)
                        .get("/admin/webhooks/" + webhookId + "/deliveries").jsonPath();
                assertThat(log.getList("data.attemptCount", Integer.class)).containsOnly(1);
                Map<String, Long> byInstance = log.getList("data.attempts.flatten().instance", String.class).stream()
                        .collect(Collectors.groupingBy(i -> i, Collectors.counting()));
                System.out.println("Deliveries sent per instance: " + byInstance);
                assertThat(byInstance.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
            }
        }
    }
}
