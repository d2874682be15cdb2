package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.WebhookStore.WebhookDefinition;

/**
 * The SSRF guard as the prod profile runs it: private targets refused at registration and again at send time, unless
 * allowed by name.
 */
@QuarkusTest
@TestProfile(WebhookTargetGuardTest.Guarded.class)
class WebhookTargetGuardTest {

    public static class Guarded implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cms.webhooks.block-private-targets", "true", "cms.webhooks.allowed-private-targets",
                    "localhost");
        }
    }

    @Inject
    Storage storage;

    private Receiver receiver;
    private String token;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
        token = Api.login();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void privateTargetsAreRefusedAtRegistration() {
        for (String url : List.of(receiver.url("/x"), "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data",
                "http://[::1]:8080/", "http://[fd00:ec2::254]/", "http://0.0.0.0:8080/", "http://192.168.0.10/",
                "http://[::ffff:127.0.0.1]/")) {
            as(token).body(Map.of("name", Api.uniqueName("ssrf"), "url", url, "events", List.of("entry.create")))
                    .post("/admin/webhooks").then().statusCode(400).body("error.name", equalTo("ValidationError"))
                    .body("error.details.errors[0].message", containsString("cms.webhooks.allowed-private-targets"));
        }
    }

    @Test
    void anAllowedHostIsDeliveredAndAPrivateOneStoredEarlierIsRefusedAtSendTime() {
        String singular = Api.uniqueName("guard");
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", singular + "s", "displayName", "G"),
                "attributes", Map.of("title", Map.of("type", "string"))))
                .post("/admin/content-types").then().statusCode(201);
        long allowed = as(token).body(Map.of("name", Api.uniqueName("ok"), "url", receiver.url("/ok")
                .replace("127.0.0.1", "localhost"), "events", List.of("entry.create"), "contentTypes",
                List.of(singular))).post("/admin/webhooks").then().statusCode(201).extract().jsonPath()
                .getLong("data.id");
        long sneaky = storage.write(s -> s.webhooks().create(new WebhookDefinition(Api.uniqueName("sneaky"),
                receiver.url("/sneaky"), "[\"entry.create\"]", null, "{}", true),
                "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", Instant.now())).id();
        try {
            as(token).body(Map.of("data", Map.of("title", "t"))).post("/api/" + singular + "s").then()
                    .statusCode(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("/ok").size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> !as(token).get("/admin/webhooks/" + sneaky
                    + "/deliveries").jsonPath().getList("data[0].attempts").isEmpty());
            assertThat(as(token).get("/admin/webhooks/" + sneaky + "/deliveries").jsonPath()
                    .getString("data[0].attempts[0].error"))
                    .startsWith("refused: host 127.0.0.1 resolves to 127.0.0.1");
            assertThat(receiver.received("/sneaky")).isEmpty();
        } finally {
            as(token).delete("/admin/webhooks/" + allowed);
            as(token).delete("/admin/webhooks/" + sneaky);
        }
    }
}
