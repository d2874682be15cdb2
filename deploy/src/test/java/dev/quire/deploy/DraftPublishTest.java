package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.quire.storage.spi.DomainEventRecord;
import dev.quire.storage.spi.Storage;

/** Draft & publish as Strapi 5 does it, locales, and exactly one domain event per logical action. */
@QuarkusTest
class DraftPublishTest {

    @Inject
    Storage storage;

    private String token;
    private String singular;
    private String plural;
    private long eventsBefore;

    @BeforeEach
    void createType() {
        token = Api.login();
        singular = Api.uniqueName("post");
        plural = singular + "s";
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Post"),
                "options", Map.of("draftAndPublish", true),
                "pluginOptions", Map.of("i18n", Map.of("localized", true)),
                "attributes", Map.of("title", Map.of("type", "string", "required", true),
                        "slug", Map.of("type", "uid", "targetField", "title"),
                        "secret", Map.of("type", "string", "private", true))))
                .post("/admin/content-types").then().statusCode(201);
        List<DomainEventRecord> all = storage.read(s -> s.events().listAfter(0, 1_000_000));
        eventsBefore = all.isEmpty() ? 0 : all.get(all.size() - 1).id();
    }

    private List<String> events() {
        return storage.read(s -> s.events().listAfter(eventsBefore, 1000)).stream()
                .filter(e -> e.model().equals(singular)).map(DomainEventRecord::event).toList();
    }

    @Test
    void aWriteWithoutStatusCreatesTheDraftAndPublishesItAsStrapiDoes() throws Exception {
        String id = as(token).body(Map.of("data", Map.of("title", "Live", "secret", "s"))).post("/api/" + plural)
                .then().statusCode(201).body("data.publishedAt", notNullValue()).body("data.locale", equalTo("en"))
                .extract().path("data.documentId");

        as(token).get("/api/" + plural + "/" + id).then().statusCode(200).body("data.title", equalTo("Live"));
        as(token).queryParam("status", "draft").get("/api/" + plural + "/" + id).then().statusCode(200)
                .body("data.publishedAt", nullValue());
        assertThat(events()).containsExactly("entry.create", "entry.publish");
        List<DomainEventRecord> recorded = storage.read(s -> s.events().listAfter(eventsBefore, 1000)).stream()
                .filter(e -> e.model().equals(singular)).toList();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var created = mapper.readTree(recorded.get(0).entryJson());
        var published = mapper.readTree(recorded.get(1).entryJson());
        for (var entry : List.of(created, published)) {
            assertThat(entry.get("title").asText()).isEqualTo("Live");
            assertThat(entry.get("documentId").asText()).isEqualTo(id);
            assertThat(entry.has("secret")).isFalse();
        }
        assertThat(recorded).extracting(DomainEventRecord::documentId).containsExactly(id, id);
        assertThat(created.get("publishedAt").isNull()).isTrue();
        assertThat(published.get("publishedAt").asText()).matches("\\d{4}-.*Z");
        assertThat(published.get("id").asLong()).isNotEqualTo(created.get("id").asLong());

        as(token).body(Map.of("data", Map.of("title", "Live, edited"))).put("/api/" + plural + "/" + id).then()
                .statusCode(200).body("data.publishedAt", notNullValue());
        as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Live, draft")))
                .put("/api/" + plural + "/" + id).then().statusCode(200).body("data.publishedAt", nullValue());
        assertThat(events()).containsExactly("entry.create", "entry.publish", "entry.update", "entry.publish",
                "entry.update");
        as(token).queryParam("target", singular + "/" + id + "?locale=en").get("/admin/audit-logs").then()
                .statusCode(200).body("data.action", contains("entry.update", "entry.publish", "entry.update",
                        "entry.publish", "entry.create"));
    }

    @Test
    void draftsStayInvisibleUntilPublishedAndUnpublishKeepsTheDraft() {
        String id = as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Soon")))
                .post("/api/" + plural).then().statusCode(201).body("data.publishedAt", nullValue())
                .extract().path("data.documentId");
        as(token).get("/api/" + plural + "/" + id).then().statusCode(404);
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(0));
        as(token).queryParam("status", "draft").get("/api/" + plural).then().body("data.title", contains("Soon"));

        as(token).post("/api/" + plural + "/" + id + "/publish").then().statusCode(200)
                .body("data.publishedAt", notNullValue());
        as(token).get("/api/" + plural).then().body("data.title", contains("Soon"));

        as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Soon, edited")))
                .put("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).get("/api/" + plural + "/" + id).then().body("data.title", equalTo("Soon"));
        as(token).body(Map.of("data", Map.of("title", "Now"))).put("/api/" + plural + "/" + id).then()
                .statusCode(200);
        as(token).get("/api/" + plural + "/" + id).then().body("data.title", equalTo("Now"));

        as(token).post("/api/" + plural + "/" + id + "/unpublish").then().statusCode(200)
                .body("data.publishedAt", nullValue()).body("data.title", equalTo("Now"));
        as(token).post("/api/" + plural + "/" + id + "/unpublish").then().statusCode(200);
        as(token).get("/api/" + plural + "/" + id).then().statusCode(404);
        as(token).queryParam("status", "draft").get("/api/" + plural + "/" + id).then().statusCode(200);

        as(token).delete("/api/" + plural + "/" + id).then().statusCode(204);
        as(token).queryParam("status", "draft").get("/api/" + plural + "/" + id).then().statusCode(404);
        assertThat(events()).containsExactly("entry.create", "entry.publish", "entry.update", "entry.update",
                "entry.publish", "entry.unpublish", "entry.delete");
    }

    @Test
    void uniqueHoldsAmongDraftsAndAmongPublishedVersionsOfALocale() {
        as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Same")))
                .post("/api/" + plural).then().statusCode(201);
        as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Same")))
                .post("/api/" + plural).then().statusCode(400).body("error.details.errors[0].path", contains("slug"));
        as(token).queryParam("locale", "fr").body(Map.of("data", Map.of("title", "Same"))).post("/api/" + plural)
                .then().statusCode(201);
        assertThat(events()).containsExactly("entry.create", "entry.create", "entry.publish");
    }

    @Test
    void everyLocaleOfADocumentSharesItsDocumentId() {
        String id = as(token).body(Map.of("data", Map.of("title", "Hello"))).post("/api/" + plural).then()
                .statusCode(201).extract().path("data.documentId");

        as(token).queryParam("locale", "fr").body(Map.of("data", Map.of("title", "Bonjour")))
                .put("/api/" + plural + "/" + id).then().statusCode(200)
                .body("data.documentId", equalTo(id)).body("data.locale", equalTo("fr"));
        as(token).queryParam("locale", "fr").get("/api/" + plural + "/" + id).then()
                .body("data.title", equalTo("Bonjour"));
        as(token).get("/api/" + plural + "/" + id).then().body("data.title", equalTo("Hello"));
        as(token).queryParam("locale", "fr").get("/api/" + plural).then().body("data.title", contains("Bonjour"));
        as(token).queryParam("locale", "de").get("/api/" + plural + "/" + id).then().statusCode(404);
        as(token).queryParam("locale", "fr").delete("/api/" + plural + "/" + id).then().statusCode(204);
        as(token).get("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).queryParam("locale", "not a locale").get("/api/" + plural).then().statusCode(400);
        assertThat(events()).containsExactly("entry.create", "entry.publish", "entry.create", "entry.publish",
                "entry.delete");
    }

    /**
     * Strapi's {@code localizations}: a document's versions in the other locales, in the entry's status, as front-ends
     * read them to link a page to its translations (Strapi's LaunchPad populates them for its locale switcher).
     */
    @Test
    void localizationsListTheDocumentInItsOtherLocales() {
        String id = as(token).body(Map.of("data", Map.of("title", "Hello", "secret", "s"))).post("/api/" + plural)
                .then().statusCode(201).extract().path("data.documentId");
        as(token).queryParam("locale", "fr").body(Map.of("data", Map.of("title", "Bonjour", "secret", "s")))
                .put("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).queryParam("locale", "de").queryParam("status", "draft")
                .body(Map.of("data", Map.of("title", "Hallo"))).put("/api/" + plural + "/" + id).then()
                .statusCode(200);
        String alone = as(token).body(Map.of("data", Map.of("title", "Alone"))).post("/api/" + plural).then()
                .statusCode(201).extract().path("data.documentId");
        String path = "/api/" + plural + "/" + id;

        as(token).queryParam("populate", "localizations").get(path).then().statusCode(200)
                .body("data.locale", equalTo("en"))
                .body("data.localizations.locale", contains("fr"))
                .body("data.localizations.title", contains("Bonjour"))
                .body("data.localizations[0].documentId", equalTo(id))
                .body("data.localizations[0].publishedAt", notNullValue())
                .body("data.localizations[0].secret", nullValue());
        as(token).queryParam("populate", "localizations").queryParam("status", "draft").get(path).then()
                .body("data.localizations.locale", contains("fr", "de"))
                .body("data.localizations.publishedAt", contains(nullValue(), nullValue()));
        as(token).queryParam("locale", "fr").queryParam("populate[localizations][fields][0]", "title").get(path)
                .then().statusCode(200)
                .body("data.localizations.title", contains("Hello"))
                .body("data.localizations[0].locale", nullValue());
        as(token).queryParam("populate[localizations][filters][title][$eq]", "Nothing").get(path).then()
                .statusCode(200).body("data.localizations.size()", equalTo(0));
        as(token).queryParam("populate", "*").queryParam("sort", "id:asc").get("/api/" + plural).then()
                .statusCode(200)
                .body("data.documentId", contains(id, alone))
                .body("data[0].localizations.title", contains("Bonjour"))
                .body("data[1].localizations.size()", equalTo(0));
        as(token).get(path).then().body("data.localizations", nullValue());

        String other = Api.uniqueName("note");
        as(token).body(Api.articleSchema(other, other + "s")).post("/admin/content-types").then().statusCode(201);
        as(token).queryParam("populate", "localizations").get("/api/" + other + "s").then().statusCode(400)
                .body("error.message", equalTo("Invalid key localizations in populate"));
    }

    /**
     * Strapi 4's {@code locale=all} read every locale; Strapi 5 dropped it. Taken as a code, it would read an empty
     * locale named "all", and a write would start one: a 400 instead, that points at the list of locales.
     */
    @Test
    void localeAllIsRefusedAsStrapi5RefusesIt() {
        String id = as(token).body(Map.of("data", Map.of("title", "Hello"))).post("/api/" + plural).then()
                .statusCode(201).extract().path("data.documentId");

        as(token).queryParam("locale", "all").get("/api/" + plural).then().statusCode(400)
                .body("error.name", equalTo("ValidationError"))
                .body("error.message", equalTo("locale=all is not supported, as in Strapi 5: list the site's locales"
                        + " at /api/i18n/locales and ask for each"));
        as(token).queryParam("locale", "all").body(Map.of("data", Map.of("title", "Every")))
                .put("/api/" + plural + "/" + id).then().statusCode(400);
        as(token).queryParam("locale", "all").body(Map.of("data", Map.of("title", "Every"))).post("/api/" + plural)
                .then().statusCode(400);
        assertThat(events()).containsExactly("entry.create", "entry.publish");
    }

    /**
     * PUTs that add the same locale to a document at once: the first creates it, the rest edit it in turn, as they
     * would one after another. On PostgreSQL several can find the locale absent; without running the loser again, its
     * insert of the same key came back as 400 "documentId must be unique".
     */
    @Test
    void concurrentPutsOfANewLocaleCreateItOnceAndEditItInTurn() throws Exception {
        int documents = 5;
        int puts = 8;
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            ids.add(as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Doc " + d)))
                    .post("/api/" + plural).then().statusCode(201).extract().path("data.documentId"));
        }
        for (String id : ids) {
            List<Response> responses = Api.atOnce(puts, i -> as(token).queryParam("locale", "fr")
                    .queryParam("status", "draft").body(Map.of("data", Map.of("title", "Bonjour " + i + " " + id)))
                    .put("/api/" + plural + "/" + id));
            assertThat(Api.statusesAndEtags(responses)).containsExactlyInAnyOrder(Api.versionsOneToN(puts));
        }
        List<String> expected = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            expected.add("entry.create");
        }
        for (int d = 0; d < documents; d++) {
            expected.add("entry.create");
            for (int i = 1; i < puts; i++) {
                expected.add("entry.update");
            }
        }
        assertThat(events()).containsExactlyElementsOf(expected);
        for (String id : ids) {
            as(token).queryParam("locale", "fr").queryParam("status", "draft").get("/api/" + plural + "/" + id)
                    .then().statusCode(200).header("ETag", equalTo("\"v8\""))
                    .body("data.title", startsWith("Bonjour "));
        }
    }

    @Test
    void aRejectedWriteRecordsNoEvent() {
        as(token).body(Map.of("data", Map.of("title", 42))).post("/api/" + plural).then().statusCode(400);
        as(token).post("/api/" + plural + "/nosuchdocument/publish").then().statusCode(404);
        assertThat(events()).isEmpty();
    }

    @Test
    void publishIsRefusedForTypesWithoutDraftAndPublish() {
        String other = Api.uniqueName("note");
        as(token).body(Api.articleSchema(other, other + "s")).post("/admin/content-types").then().statusCode(201);
        String id = as(token).body(Map.of("data", Map.of("title", "x"))).post("/api/" + other + "s").then()
                .statusCode(201).extract().path("data.documentId");
        as(token).post("/api/" + other + "s/" + id + "/publish").then().statusCode(400)
                .body("error.message", equalTo("Draft & publish is not enabled for " + other));
        as(token).queryParam("status", "draft").get("/api/" + other + "s").then().statusCode(200)
                .body("meta.pagination.total", equalTo(1));
        assertThat(storage.read(s -> s.events().listAfter(eventsBefore, 1000)).stream()
                .filter(e -> e.model().equals(other)).map(DomainEventRecord::event)
                .filter(e -> e.startsWith("entry."))).containsExactly("entry.create");
    }
}
