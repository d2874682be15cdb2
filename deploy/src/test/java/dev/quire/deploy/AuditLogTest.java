package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.quire.admin.Retention;
import dev.quire.storage.spi.AuditStore;
import dev.quire.storage.spi.Storage;

/** Every admin action and content write leaves an audit entry: who, what, when, from where, and the outcome. */
@QuarkusTest
class AuditLogTest {

    @Test
    void changesAreAuditedWithActorTargetAddressAndOutcome() {
        String admin = Api.login();
        String singular = Api.uniqueName("audited");
        as(admin).body(Api.articleSchema(singular, singular + "s")).post("/admin/content-types").then()
                .statusCode(201);
        String id = as(admin).body(Map.of("data", Map.of("title", "x"))).post("/api/" + singular + "s").then()
                .statusCode(201).extract().path("data.documentId");
        as(admin).body(Map.of("data", Map.of("title", 5))).put("/api/" + singular + "s/" + id).then()
                .statusCode(400);
        as(admin).delete("/api/" + singular + "s/" + id).then().statusCode(204);

        as(admin).queryParam("target", singular + "/" + id + "?locale=en").get("/admin/audit-logs").then()
                .statusCode(200)
                .body("data.action", contains("entry.delete", "entry.create"))
                .body("data.actor.label", everyItem(equalTo(Api.ADMIN_EMAIL)))
                .body("data.actor.kind", everyItem(equalTo("user")))
                .body("data.address", everyItem(notNullValue()))
                .body("data.outcome", everyItem(equalTo("success")));
        as(admin).queryParam("target", singular).get("/admin/audit-logs").then()
                .body("data.action", contains("content-type.create"));
        as(admin).queryParam("action", "PUT /api/" + singular + "s/" + id).get("/admin/audit-logs").then()
                .body("data.outcome", contains("failure"));
    }

    @Inject
    Retention retention;

    @Inject
    Storage storage;

    @Test
    void entriesOlderThanTheRetentionAreDeletedInBatches() {
        String actor = Api.uniqueName("old") + "@quire.test";
        Instant old = Instant.now().minus(Duration.ofDays(91)).truncatedTo(ChronoUnit.MILLIS);
        storage.write(s -> {
            for (int i = 0; i < 2500; i++) {
                s.audit().append(new AuditStore.AuditEntry(old, "user", 0, actor, "test.old", null, null, "success"));
            }
            s.audit().append(new AuditStore.AuditEntry(Instant.now(), "user", 0, actor, "test.new", null, null,
                    "success"));
            return null;
        });

        assertThat(retention.deleteExpiredAudit(Instant.now())).isGreaterThanOrEqualTo(2500);
        String admin = Api.login();
        as(admin).queryParam("actor", actor).get("/admin/audit-logs").then()
                .body("data.action", contains("test.new")).body("meta.pagination.total", equalTo(1));
    }

    @Test
    void loginsAndDenialsAreAuditedToo() {
        String intruder = Api.uniqueName("intruder") + "@quire.test";
        given().contentType(ContentType.JSON).body(Map.of("email", intruder, "password", "guess-guess"))
                .post("/admin/login").then().statusCode(401);
        String admin = Api.login();
        as(admin).queryParam("actor", intruder).get("/admin/audit-logs").then().statusCode(200)
                .body("data.action", contains("admin.login")).body("data.outcome", contains("denied"));

        String email = Api.uniqueName("viewer") + "@quire.test";
        as(admin).body(Map.of("email", email, "password", "a-good-password", "role", "viewer")).post("/admin/users")
                .then().statusCode(201);
        String viewer = given().contentType(ContentType.JSON).body(Map.of("email", email, "password",
                "a-good-password")).post("/admin/login").then().statusCode(200).extract().path("data.token");
        as(viewer).body(Map.of()).post("/admin/roles").then().statusCode(403);
        as(viewer).get("/admin/audit-logs").then().statusCode(403);
        as(admin).queryParam("actor", email).get("/admin/audit-logs").then()
                .body("data.action", contains("POST /admin/roles", "admin.login"))
                .body("data.outcome", contains("denied", "success"));
        as(admin).queryParam("outcome", "maybe").get("/admin/audit-logs").then().statusCode(400);
        as(admin).queryParam("since", "yesterday").get("/admin/audit-logs").then().statusCode(400);
        as(admin).queryParam("actor", email).queryParam("since", "2999-01-01T00:00:00Z").get("/admin/audit-logs")
                .then().body("data", equalTo(List.of())).body("meta.pagination.total", equalTo(0));
    }
}
