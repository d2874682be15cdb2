package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.quire.admin.Retention;
import dev.quire.storage.spi.NewDomainEvent;
import dev.quire.storage.spi.Storage;

/**
 * Webhooks end to end against a real HTTP receiver on 127.0.0.1: every event type, signatures checked with the official
 * Standard Webhooks library, outages, retries, 410, Retry-After, a hanging receiver, the delivery log, redelivery,
 * secret rotation, rollback and retention.
 */
@QuarkusTest
class WebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Storage storage;

    @Inject
    Retention retention;

    private Receiver receiver;
    private String token;
    private String singular;
    private String plural;
    private final List<Long> webhooks = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
        token = Api.login();
        singular = Api.uniqueName("hook");
        plural = singular + "s";
    }

    @AfterEach
    void stop() {
        webhooks.forEach(id -> as(token).delete("/admin/webhooks/" + id));
        receiver.close();
    }

    private void createType(boolean draftAndPublish) {
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Hook"),
                "options", Map.of("draftAndPublish", draftAndPublish),
                "attributes", Map.of("title", Map.of("type", "string", "required", true, "unique", true),
                        "secret", Map.of("type", "string", "private", true))))
                .post("/admin/content-types").then().statusCode(201);
    }

    /** Registers a webhook and returns its id and secret. */
    private JsonPath webhook(Map<String, Object> body) {
        JsonPath created = as(token).body(body).post("/admin/webhooks").then().statusCode(201).extract().jsonPath();
        webhooks.add(created.getLong("data.id"));
        return created;
    }

    private JsonPath entryWebhook(String path) {
        return webhook(Map.of("name", Api.uniqueName("wh"), "url", receiver.url(path), "events",
                List.of("entry.create", "entry.update", "entry.delete"), "contentTypes", List.of(singular)));
    }

    private String createEntry(String title) {
        return as(token).body(Map.of("data", Map.of("title", title, "secret", "hidden"))).post("/api/" + plural)
                .then().statusCode(201).extract().path("data.documentId");
    }

    private JsonPath deliveries(long webhookId, String status) {
        var request = as(token);
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.get("/admin/webhooks/" + webhookId + "/deliveries").then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void everyEventTypeArrivesOnceInOrderWithAValidSignature() throws Exception {
        JsonPath hook = webhook(Map.of("name", Api.uniqueName("all"), "url", receiver.url("/all"), "events",
                List.of("entry.create", "entry.update", "entry.delete", "entry.publish", "entry.unpublish",
                        "content-type.create", "content-type.update", "content-type.delete")));
        String secret = hook.getString("data.secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeBetween(24, 64);

        createType(true);
        String id = as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "One",
                "secret", "hidden"))).post("/api/" + plural).then().statusCode(201).extract().path("data.documentId");
        as(token).body(Map.of("data", Map.of("title", "Two"))).queryParam("status", "draft")
                .put("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).post("/api/" + plural + "/" + id + "/publish").then().statusCode(200);
        as(token).post("/api/" + plural + "/" + id + "/unpublish").then().statusCode(200);
        as(token).delete("/api/" + plural + "/" + id).then().statusCode(204);
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Hooks"),
                "options", Map.of("draftAndPublish", true),
                "attributes", Map.of("title", Map.of("type", "string"))))
                .put("/admin/content-types/" + singular).then().statusCode(200);
        as(token).delete("/admin/content-types/" + singular).then().statusCode(204);

        List<String> expected = List.of("content-type.create", "entry.create", "entry.update", "entry.publish",
                "entry.unpublish", "entry.delete", "content-type.update", "content-type.delete");
        await().atMost(WAIT).until(() -> ofModel("/all").size() >= expected.size());
        List<Receiver.Request> got = ofModel("/all");
        assertThat(got.stream().map(r -> r.json().get("event").asText())).containsExactlyInAnyOrderElementsOf(
                expected);
        assertThat(got.stream().map(Receiver.Request::webhookId).distinct()).hasSize(expected.size());
        for (Receiver.Request r : got) {
            r.verify(secret);
            assertThat(r.header("webhook-id")).matches("msg_[0-9a-f]{32}");
            assertThat(r.header("content-type")).isEqualTo("application/json");
            assertThat(Long.parseLong(r.header("webhook-timestamp")))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            assertThat(r.json().get("eventId").isIntegralNumber()).isTrue();
            assertThat(r.json().get("model").asText()).isEqualTo(singular);
        }
        List<Receiver.Request> entries = got.stream().filter(r -> r.json().get("event").asText().startsWith("entry."))
                .toList();
        assertThat(entries.stream().map(r -> r.json().get("event").asText())).containsExactly("entry.create",
                "entry.update", "entry.publish", "entry.unpublish", "entry.delete");
        for (Receiver.Request r : entries) {
            assertThat(r.json().at("/entry/documentId").asText()).isEqualTo(id);
            assertThat(r.json().get("entry").has("secret")).isFalse();
        }
        assertThat(entries.get(1).json().at("/entry/title").asText()).isEqualTo("Two");
        Receiver.Request typeCreated = got.stream()
                .filter(r -> r.json().get("event").asText().equals("content-type.create")).findFirst().orElseThrow();
        assertThat(typeCreated.json().at("/contentType/info/singularName").asText()).isEqualTo(singular);
        assertThat(typeCreated.json().get("createdAt").asText()).matches("\\d{4}-.*Z");
    }

    @Test
    void aWebhookForPublicationsHearsOfThoseThatCreatesAndUpdatesMake() throws Exception {
        createType(true);
        JsonPath hook = webhook(Map.of("name", Api.uniqueName("pub"), "url", receiver.url("/pub"), "events",
                List.of("entry.publish"), "contentTypes", List.of(singular)));
        String id = createEntry("Live");
        as(token).body(Map.of("data", Map.of("title", "Live, edited"))).put("/api/" + plural + "/" + id).then()
                .statusCode(200);
        as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Draft only")))
                .put("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Never published")))
                .post("/api/" + plural).then().statusCode(201);

        await().atMost(WAIT).until(() -> receiver.received("/pub").size() >= 2);
        List<Receiver.Request> got = receiver.received("/pub");
        assertThat(got.stream().map(r -> r.json().get("event").asText() + " " + r.json().at("/entry/title").asText()))
                .containsExactly("entry.publish Live", "entry.publish Live, edited");
        for (Receiver.Request r : got) {
            r.verify(hook.getString("data.secret"));
            assertThat(r.json().at("/entry/documentId").asText()).isEqualTo(id);
            assertThat(r.json().at("/entry/publishedAt").asText()).matches("\\d{4}-.*Z");
            assertThat(r.json().get("entry").has("secret")).isFalse();
        }
        assertThat(deliveries(hook.getLong("data.id"), null).getList("data")).hasSize(2);
    }

    private List<Receiver.Request> ofModel(String path) {
        return receiver.received(path).stream().filter(r -> singular.equals(r.json().path("model").asText()))
                .toList();
    }

    @Test
    void aRolledBackChangeSendsNothing() {
        createType(false);
        long hook = entryWebhook("/rollback").getLong("data.id");
        createEntry("Taken");
        as(token).body(Map.of("data", Map.of("title", "Taken"))).post("/api/" + plural).then().statusCode(400);
        RuntimeException failure = new IllegalStateException("the change fails after its event was written");
        assertThatThrownBy(() -> storage.write(s -> {
            s.events().append(new NewDomainEvent("entry.create", singular, "rolled-back", "en", "{}", Instant.now()));
            throw failure;
        })).isSameAs(failure);
        createEntry("After");

        await().atMost(WAIT).until(() -> receiver.received("/rollback").size() >= 2);
        assertThat(receiver.received("/rollback").stream().map(r -> r.json().at("/entry/title").asText()))
                .containsExactlyInAnyOrder("Taken", "After");
        assertThat(deliveries(hook, null).getList("data")).hasSize(2);
    }

    @Test
    void aReceiverThatIsDownGetsEveryEventOnceItIsBack() throws Exception {
        createType(false);
        long hook = entryWebhook("/down").getLong("data.id");
        receiver.pause();
        Set<String> titles = Set.of("a", "b", "c", "d", "e");
        titles.forEach(this::createEntry);
        await().atMost(WAIT).until(() -> deliveries(hook, "pending").getList("data.attempts.flatten()").size() >= 5);
        assertThat(deliveries(hook, "pending").getList("data.attempts.flatten().error", String.class))
                .allSatisfy(e -> assertThat(e).isNotBlank());
        receiver.resume();

        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 5);
        assertThat(receiver.received("/down").stream().map(r -> r.json().at("/entry/title").asText())
                .collect(Collectors.toSet())).isEqualTo(titles);
        assertThat(receiver.received("/down")).hasSize(5);
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUnderTheSameWebhookIdThenDeadLettered() throws Exception {
        createType(false);
        String secret = entryWebhook("/flaky").getString("data.secret");
        long hook = webhooks.get(0);
        receiver.on("/flaky", n -> n <= 3
                ? new Receiver.Answer(500, Map.of(), "boom " + n)
                : Receiver.Answer
                        .status(204));
        createEntry("retry me");

        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 1);
        List<Receiver.Request> got = receiver.received("/flaky");
        assertThat(got).hasSize(4);
        assertThat(got.stream().map(Receiver.Request::webhookId).distinct()).hasSize(1);
        for (Receiver.Request r : got) {
            r.verify(secret);
        }
        Duration first = Duration.between(got.get(0).at(), got.get(1).at());
        Duration third = Duration.between(got.get(2).at(), got.get(3).at());
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(240));
        assertThat(third).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        JsonPath log = deliveries(hook, "succeeded");
        assertThat(log.getList("data[0].attempts.httpStatus", Integer.class)).containsExactly(500, 500, 500, 204);
        assertThat(log.getString("data[0].attempts[0].response")).isEqualTo("boom 1");
        assertThat(log.getInt("data[0].attemptCount")).isEqualTo(4);
        assertThat(log.getString("data[0].webhookMessageId")).isEqualTo(got.get(0).webhookId());

        receiver.on("/flaky", n -> Receiver.Answer.status(500));
        createEntry("never");
        await().atMost(WAIT).until(() -> deliveries(hook, "failed").getList("data").size() == 1);
        assertThat(deliveries(hook, "failed").getInt("data[0].attemptCount")).isEqualTo(6);
        assertThat(deliveries(hook, "failed").getString("data[0].nextAttemptAt")).isNull();
    }

    @Test
    void oneEntrysEventsWaitForItsEarlierDeliveryAndRedirectsAreNotFollowed() {
        createType(false);
        long hook = entryWebhook("/ordered").getLong("data.id");
        receiver.on("/ordered", n -> n <= 2
                ? new Receiver.Answer(302, Map.of("Location", receiver.url("/elsewhere")), "")
                : Receiver.Answer.status(200));
        String id = createEntry("v1");
        await().atMost(WAIT).until(() -> receiver.received("/ordered").size() == 1);
        as(token).body(Map.of("data", Map.of("title", "v2"))).put("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).body(Map.of("data", Map.of("title", "v3"))).put("/api/" + plural + "/" + id).then().statusCode(200);

        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 3);
        assertThat(receiver.received("/ordered").stream().map(r -> r.json().get("event").asText() + " "
                + r.json().at("/entry/title").asText())).containsExactly("entry.create v1", "entry.create v1",
                        "entry.create v1", "entry.update v2", "entry.update v3");
        assertThat(receiver.received("/elsewhere")).isEmpty();
        assertThat(deliveries(hook, "succeeded").getList("data[2].attempts.httpStatus", Integer.class))
                .containsExactly(302, 302, 200);
    }

    @Test
    void goneDisablesTheWebhookAndRetryAfterIsHonoured() {
        createType(false);
        long gone = entryWebhook("/gone").getLong("data.id");
        long busy = entryWebhook("/busy").getLong("data.id");
        receiver.on("/gone", n -> Receiver.Answer.status(410));
        receiver.on("/busy", n -> n == 1
                ? new Receiver.Answer(429, Map.of("Retry-After", "2"), "")
                : Receiver.Answer
                        .status(200));
        createEntry("x");

        await().atMost(WAIT).until(() -> deliveries(busy, "succeeded").getList("data").size() == 1);
        List<Receiver.Request> busyGot = receiver.received("/busy");
        assertThat(Duration.between(busyGot.get(0).at(), busyGot.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        await().atMost(WAIT).until(() -> deliveries(gone, "failed").getList("data").size() == 1);
        as(token).get("/admin/webhooks/" + gone).then().body("data.enabled", equalTo(false))
                .body("data.disabledReason", containsString("410"));
        createEntry("y");
        await().atMost(WAIT).until(() -> receiver.received("/busy").size() == 3);
        assertThat(receiver.received("/gone")).hasSize(1);
        as(token).post("/admin/webhooks/" + gone + "/test").then().statusCode(409);
    }

    @Test
    void aHangingReceiverDoesNotDelayAnotherEndpoint() {
        createType(false);
        long hanging = entryWebhook("/hang").getLong("data.id");
        long fine = entryWebhook("/fine").getLong("data.id");
        receiver.on("/hang", receiver.hang());
        for (int i = 0; i < 12; i++) {
            createEntry("e" + i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received("/fine").size() == 12);
        assertThat(deliveries(fine, "succeeded").getList("data")).hasSize(12);
        assertThat(receiver.received("/hang")).isNotEmpty();
        assertThat(deliveries(hanging, "succeeded").getList("data")).isEmpty();
    }

    @Test
    void theDeliveryLogShowsAttemptsAndARedeliveryGoesOutUnderANewWebhookId() {
        createType(false);
        long hook = entryWebhook("/log").getLong("data.id");
        receiver.on("/log", n -> new Receiver.Answer(200, Map.of(), "x".repeat(5000)));
        String id = createEntry("logged");
        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 1);
        JsonPath log = deliveries(hook, null);
        assertThat(log.getString("data[0].event")).isEqualTo("entry.create");
        assertThat(log.getString("data[0].model")).isEqualTo(singular);
        assertThat(log.getString("data[0].documentId")).isEqualTo(id);
        assertThat(log.getInt("data[0].attempts[0].httpStatus")).isEqualTo(200);
        assertThat(log.getString("data[0].attempts[0].response")).hasSize(1024);
        assertThat(log.getLong("data[0].attempts[0].latencyMs")).isNotNegative();
        assertThat(log.getString("data[0].completedAt")).isNotNull();
        assertThat(log.getInt("meta.pagination.total")).isEqualTo(1);
        long deliveryId = log.getLong("data[0].id");

        as(token).post("/admin/webhooks/" + hook + "/deliveries/" + deliveryId + "/redeliver").then().statusCode(202)
                .body("data.redeliveryOf", equalTo((int) deliveryId)).body("data.status", equalTo("pending"));
        await().atMost(WAIT).until(() -> receiver.received("/log").size() == 2);
        List<Receiver.Request> got = receiver.received("/log");
        assertThat(got.get(1).webhookId()).isNotEqualTo(got.get(0).webhookId());
        assertThat(got.get(1).json().get("eventId").asLong()).isEqualTo(got.get(0).json().get("eventId").asLong());
        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 2);

        as(token).get("/admin/webhooks/" + hook + "/deliveries/" + deliveryId).then().statusCode(200)
                .body("data.status", equalTo("succeeded"));
        as(token).get("/admin/webhooks/" + hook + "/deliveries/999999999").then().statusCode(404);
        as(token).queryParam("status", "lost").get("/admin/webhooks/" + hook + "/deliveries").then().statusCode(400);
        as(token).post("/admin/webhooks/" + hook + "/deliveries/999999999/redeliver").then().statusCode(404);
    }

    @Test
    void aTestEventAndASecretRotationSignWithBothSecretsDuringTheOverlap() throws Exception {
        JsonPath hook = webhook(Map.of("name", Api.uniqueName("rot"), "url", receiver.url("/rot"), "events",
                List.of("entry.create"), "headers", Map.of("X-Tenant", "acme")));
        long id = hook.getLong("data.id");
        String old = hook.getString("data.secret");
        as(token).post("/admin/webhooks/" + id + "/test").then().statusCode(202).body("data.event",
                equalTo("webhook.test"));
        await().atMost(WAIT).until(() -> receiver.received("/rot").size() == 1);
        Receiver.Request test = receiver.received("/rot").get(0);
        test.verify(old);
        assertThat(test.json().get("event").asText()).isEqualTo("webhook.test");
        assertThat(test.json().at("/webhook/id").asLong()).isEqualTo(id);
        assertThat(test.header("x-tenant")).isEqualTo("acme");
        assertThat(test.header("webhook-signature")).doesNotContain(" ");

        String rotated = as(token).post("/admin/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .body("data.previousSecretExpiresAt", not(nullValue())).extract().path("data.secret");
        assertThat(rotated).isNotEqualTo(old).startsWith("whsec_");
        as(token).get("/admin/webhooks/" + id).then().body("data", not(org.hamcrest.Matchers.hasKey("secret")));
        as(token).post("/admin/webhooks/" + id + "/test").then().statusCode(202);
        await().atMost(WAIT).until(() -> receiver.received("/rot").size() == 2);
        Receiver.Request after = receiver.received("/rot").get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(2)
                .allSatisfy(s -> assertThat(s).startsWith("v1,"));
        after.verify(rotated);
        after.verify(old);
    }

    @Test
    void webhooksAreManagedThroughTheAdminApiAndBadInputIsRefused() {
        createType(false);
        JsonPath created = webhook(Map.of("name", Api.uniqueName("crud"), "url", receiver.url("/crud"), "events",
                List.of("entry.create"), "contentTypes", List.of(singular), "enabled", false));
        long id = created.getLong("data.id");
        as(token).get("/admin/webhooks").then().statusCode(200).body("data.id", hasItem((int) id))
                .body("data.secret", not(hasItem(matchesPattern("whsec_.*"))));
        as(token).body(Map.of("enabled", true, "events", List.of("entry.create", "entry.delete")))
                .put("/admin/webhooks/" + id).then().statusCode(200).body("data.enabled", equalTo(true))
                .body("data.events", equalTo(List.of("entry.create", "entry.delete")))
                .body("data.url", equalTo(receiver.url("/crud")))
                .body("data.contentTypes", equalTo(List.of(singular)));

        Map<String, Object> valid = new HashMap<>(Map.of("name", Api.uniqueName("bad"), "url", receiver.url("/x"),
                "events", List.of("entry.create")));
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("url", "ftp://example.com/x"),
                Map.entry("url", "http://user:pw@example.com/"), Map.entry("url", "not a url"),
                Map.entry("events", List.of()), Map.entry("events", List.of("entry.explode")),
                Map.entry("contentTypes", List.of("nosuchtype")), Map.entry("headers", Map.of("webhook-id", "x")),
                Map.entry("headers", Map.of("X-Ok", "a\r\nInjected: yes")), Map.entry("enabled", "yes"),
                Map.entry("surprise", 1))) {
            Map<String, Object> body = new HashMap<>(valid);
            body.put(bad.getKey(), bad.getValue());
            as(token).body(body).post("/admin/webhooks").then().statusCode(400)
                    .body("error.status", equalTo(400)).body("error.name", equalTo("ValidationError"));
        }
        as(token).body(Map.of("name", created.getString("data.name"), "url", receiver.url("/x"), "events",
                List.of("entry.create"))).post("/admin/webhooks").then().statusCode(409);
        as(token).get("/admin/webhooks").then().body("data.name", not(hasItem(valid.get("name"))));

        as(token).delete("/admin/webhooks/" + id).then().statusCode(204);
        as(token).get("/admin/webhooks/" + id).then().statusCode(404);
        as(token).delete("/admin/webhooks/" + id).then().statusCode(404);
        given().get("/admin/webhooks").then().statusCode(401);
    }

    @Test
    void retentionRemovesOldDeliveriesButKeepsPendingOnes() {
        createType(false);
        long hook = entryWebhook("/kept").getLong("data.id");
        createEntry("one");
        createEntry("two");
        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 2);
        receiver.on("/kept", n -> Receiver.Answer.status(500));
        createEntry("pending");
        await().atMost(WAIT).until(() -> deliveries(hook, "pending").getList("data.attempts.flatten()").size() >= 1);

        assertThat(retention.deleteExpiredDeliveries(Instant.now().plus(Duration.ofDays(31))))
                .isGreaterThanOrEqualTo(4);
        assertThat(deliveries(hook, null).getList("data.status")).containsExactly("pending");
    }

    @Test
    void metricsCountDeliveriesByOutcome() {
        createType(false);
        long hook = entryWebhook("/metrics").getLong("data.id");
        createEntry("counted");
        await().atMost(WAIT).until(() -> deliveries(hook, "succeeded").getList("data").size() == 1);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("quire_webhook_deliveries_total{outcome=\"succeeded\"}"))
                .body(containsString("quire_webhook_attempt_seconds_count"))
                .body(containsString("quire_webhook_backlog"))
                .body(containsString("quire_webhook_oldest_due_seconds"));
    }
}
