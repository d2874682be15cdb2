package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.ContentTypeUpdate;
import dev.quire.storage.spi.Storage;

/** The content API and content-type admin API in Strapi 5's shapes, on the test profile's SQLite file. */
@QuarkusTest
class ContentApiTest {

    @Inject
    Storage storage;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    private String token;
    private String plural;

    @BeforeEach
    void createType() {
        token = Api.login();
        String singular = Api.uniqueName("article");
        plural = singular + "s";
        as(token).body(Api.articleSchema(singular, plural)).post("/admin/content-types").then().statusCode(201)
                .body("data.uid", equalTo(singular))
                .body("data.version", equalTo(1))
                .body("data.schema.info.pluralName", equalTo(plural));
    }

    /**
     * Readers and writers at once, with failing writes among them: every good write is stored, every bad one refused
     * with its 4xx, none with 5xx, and each request gives its turn at the gate back when it ends (a lost turn would
     * hold writes back for good).
     */
    @Test
    void readsAndWritesAtOnceAllAnswerAndGiveTheirTurnsBack() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                int n = i;
                calls.add(pool.submit(() -> switch (n % 6) {
                    case 0, 1 -> as(token).get("/api/" + plural + "?sort=views:desc").statusCode();
                    case 2, 3 -> as(token).body(Map.of("data", Map.of("title", "t" + n, "views", n)))
                            .post("/api/" + plural).statusCode();
                    case 4 -> as(token).body(Map.of("data", Map.of("title", "t" + n, "views", "many")))
                            .post("/api/" + plural).statusCode();
                    default -> as(token).body(Map.of("data", Map.of("title", "t" + n)))
                            .put("/api/" + plural + "/nosuchdocumentidxxxxxxxx").statusCode();
                }));
            }
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (Future<Integer> call : calls) {
                statuses.merge(call.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(statuses).isEqualTo(Map.of(200, 40, 201, 40, 400, 20, 404, 20));
        } finally {
            pool.shutdown();
        }
        as(token).get("/api/" + plural + "?pagination[pageSize]=1").then().statusCode(200)
                .body("meta.pagination.total", equalTo(40));
        org.awaitility.Awaitility.await().untilAsserted(() -> {
            assertThat(registry.get("quire.http.writes.running").gauge().value()).isZero();
            assertThat(registry.get("quire.http.reads.running").gauge().value()).isZero();
            assertThat(registry.get("quire.http.writes.waiting").gauge().value()).isZero();
        });
        assertThat(registry.get("quire.http.writes.refused").functionCounter().count()).isZero();
    }

    private String create(Map<String, Object> data) {
        return as(token).body(Map.of("data", data)).post("/api/" + plural).then().statusCode(201)
                .extract().path("data.documentId");
    }

    @Test
    void createReturnsTheStoredEntryInStrapisShape() {
        as(token).body(Map.of("data", Map.of("title", "Héllo Wörld", "rating", 4.5, "published", "2025-02-03",
                "category", "news", "internal", "editors only")))
                .post("/api/" + plural).then().statusCode(201)
                .header("ETag", equalTo("\"v1\""))
                .body("data.id", notNullValue())
                .body("data.documentId", matchesPattern("[a-z][a-z0-9]{23}"))
                .body("data.title", equalTo("Héllo Wörld"))
                .body("data.slug", equalTo("hello-world"))
                .body("data.views", equalTo(0))
                .body("data.rating", equalTo(4.5f))
                .body("data.published", equalTo("2025-02-03"))
                .body("data.category", equalTo("news"))
                .body("data", not(hasKey("internal")))
                .body("data.createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"))
                .body("data.publishedAt", notNullValue())
                .body("meta", equalTo(Map.of()));
    }

    @Test
    void listPaginatesAndSorts() {
        for (String title : List.of("Charlie", "Alpha", "Bravo")) {
            create(Map.of("title", title));
        }
        as(token).queryParam("sort", "title:asc").queryParam("pagination[page]", 1)
                .queryParam("pagination[pageSize]", 2)
                .get("/api/" + plural).then().statusCode(200)
                .body("data.title", contains("Alpha", "Bravo"))
                .body("meta.pagination.page", equalTo(1))
                .body("meta.pagination.pageSize", equalTo(2))
                .body("meta.pagination.pageCount", equalTo(2))
                .body("meta.pagination.total", equalTo(3));
        as(token).queryParam("sort[0]", "title:desc").queryParam("pagination[start]", 1)
                .queryParam("pagination[limit]", 5)
                .get("/api/" + plural).then().statusCode(200)
                .body("data.title", contains("Bravo", "Alpha"))
                .body("meta.pagination.start", equalTo(1))
                .body("meta.pagination.limit", equalTo(5))
                .body("meta.pagination.total", equalTo(3));
        as(token).queryParam("pagination[pageSize]", 1000).get("/api/" + plural).then().statusCode(200)
                .body("meta.pagination.pageSize", equalTo(100));
    }

    /**
     * Another instance changes the type: its row is rewritten through the storage, past this instance's content types.
     * Lists here remember the type they last saw and check its version in the page's own statement, so the very next
     * list answers with the new schema, a filter on the new attribute is accepted, and the old name is gone.
     */
    @Test
    void aTypeChangedByAnotherInstanceIsEffectiveForTheNextList() throws Exception {
        create(Map.of("title", "Kept", "internal", "for editors"));
        as(token).get("/api/" + plural).then().statusCode(200).body("data[0].title", equalTo("Kept"))
                .body("data[0]", not(hasKey("internal")));

        ContentTypeRecord before = storage.read(s -> s.contentTypes().findByName(plural)).orElseThrow();
        ObjectNode schema = (ObjectNode) json.readTree(before.schemaJson());
        ((ObjectNode) schema.path("attributes").path("internal")).put("private", false);
        ((ObjectNode) schema.path("attributes")).putObject("score").put("type", "integer");
        String unprivate = json.writeValueAsString(schema);
        ContentTypeRecord changed = storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(before.uid(),
                before.version(), plural, unprivate, before.indexedFields(), Instant.now())));
        as(token).get("/api/" + plural).then().statusCode(200).body("data[0].internal", equalTo("for editors"));
        as(token).queryParam("filters[score][$null]", "true").get("/api/" + plural).then().statusCode(200)
                .body("data.title", contains("Kept"));

        ((ObjectNode) schema.path("info")).put("pluralName", plural + "x");
        String renamed = json.writeValueAsString(schema);
        storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(before.uid(), changed.version(),
                plural + "x", renamed, before.indexedFields(), Instant.now())));
        as(token).get("/api/" + plural).then().statusCode(404).body("error.name", equalTo("NotFoundError"));
        as(token).get("/api/" + plural + "x").then().statusCode(200).body("data.title", contains("Kept"));
    }

    /**
     * Creates, too, use the type this instance last saw, and insert only while it is still at that version: after
     * another instance tightens a rule and unhides a field, the next create is refused under the new rule, and a create
     * that passes is answered in the new shape. With the type as seen, a create looks nothing up: its document and
     * entry rows, its event and deliveries, and its audit row are its five statements on SQLite, and two on PostgreSQL,
     * where the rows of the entry and those of the event each go in one statement.
     */
    @Test
    void aTypeChangedByAnotherInstanceIsEffectiveForTheNextCreate() throws Exception {
        create(Map.of("title", "Seen", "views", 7));
        long before = dev.quire.storage.jdbc.JdbcStatistics.statements();
        long commits = dev.quire.storage.jdbc.JdbcStatistics.separateCommits();
        create(Map.of("title", "Seen again", "views", 7));
        assertThat(dev.quire.storage.jdbc.JdbcStatistics.statements() - before)
                .isEqualTo(storage.kind().equals("postgres") ? 2 : 5);
        assertThat(dev.quire.storage.jdbc.JdbcStatistics.separateCommits() - commits)
                .as("on PostgreSQL the event goes with the COMMIT; SQLite's writer commits batches").isZero();

        ContentTypeRecord type = storage.read(s -> s.contentTypes().findByName(plural)).orElseThrow();
        ObjectNode schema = (ObjectNode) json.readTree(type.schemaJson());
        ((ObjectNode) schema.path("attributes").path("views")).put("max", 5);
        ((ObjectNode) schema.path("attributes").path("internal")).put("private", false);
        String changed = json.writeValueAsString(schema);
        storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(type.uid(), type.version(), plural, changed,
                type.indexedFields(), Instant.now())));

        as(token).body(Map.of("data", Map.of("title", "Too many views", "views", 7))).post("/api/" + plural).then()
                .statusCode(400).body("error.name", equalTo("ValidationError"));
        as(token).queryParam("filters[title][$eq]", "Too many views").get("/api/" + plural).then().statusCode(200)
                .body("data", equalTo(List.of()));
        as(token).body(Map.of("data", Map.of("title", "Shown", "views", 5, "internal", "now public")))
                .post("/api/" + plural).then().statusCode(201).body("data.internal", equalTo("now public"));
    }

    /**
     * A search that finds nothing, with the type as last seen: the empty page may mean the type changed, so the type's
     * version is read once after it, instead of the whole list running again.
     */
    @Test
    void aListThatFindsNothingChecksTheTypeOnceInsteadOfListingAgain() {
        create(Map.of("title", "Only", "views", 1));
        as(token).get("/api/" + plural).then().statusCode(200).body("data.title", contains("Only"));

        long before = dev.quire.storage.jdbc.JdbcStatistics.statements();
        as(token).queryParam("filters[views][$gt]", 1000).get("/api/" + plural).then().statusCode(200)
                .body("data", equalTo(List.of()))
                .body("meta.pagination.total", equalTo(0));
        // the page, its count, and the type's version; the session is counted apart (AccessControlTest)
        org.assertj.core.api.Assertions.assertThat(dev.quire.storage.jdbc.JdbcStatistics.statements() - before)
                .isEqualTo(3);
    }

    @Test
    void updateChangesOnlyGivenFieldsAndHonoursIfMatch() {
        String id = create(Map.of("title", "First", "views", 3));

        as(token).body(Map.of("data", Map.of("views", 4))).put("/api/" + plural + "/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"v2\""))
                .body("data.title", equalTo("First"))
                .body("data.views", equalTo(4));
        as(token).header("If-Match", "\"v1\"").body(Map.of("data", Map.of("views", 99)))
                .put("/api/" + plural + "/" + id).then().statusCode(412)
                .body("error.name", equalTo("PreconditionFailedError"));
        as(token).get("/api/" + plural + "/" + id).then().statusCode(200).body("data.views", equalTo(4));
    }

    /**
     * Edits of one document at once, none with {@code If-Match}, are applied one after another, each on the last: all
     * succeed, each gets a version of its own, and none is lost. On PostgreSQL an edit locks the row it reads; without
     * that, edits that read the same version would fail with 409.
     */
    @Test
    void concurrentEditsWithoutIfMatchAreAppliedInTurn() throws Exception {
        String id = create(Map.of("title", "Shared", "views", 0));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                int views = i;
                calls.add(pool.submit(() -> as(token).body(Map.of("data", Map.of("views", views)))
                        .put("/api/" + plural + "/" + id)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> call : calls) {
                responses.add(call.get(60, TimeUnit.SECONDS));
            }
            assertThat(responses).extracting(Response::statusCode).containsOnly(200);
            assertThat(responses).extracting(r -> r.header("ETag")).doesNotHaveDuplicates();
        } finally {
            pool.shutdown();
        }
        as(token).get("/api/" + plural + "/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"v41\""))
                .body("data.title", equalTo("Shared"));
    }

    @Test
    void deleteRemovesTheEntry() {
        String id = create(Map.of("title", "Doomed"));

        as(token).header("If-Match", "\"v7\"").delete("/api/" + plural + "/" + id).then().statusCode(412);
        as(token).delete("/api/" + plural + "/" + id).then().statusCode(204);
        as(token).get("/api/" + plural + "/" + id).then().statusCode(404)
                .body("data", nullValue())
                .body("error.status", equalTo(404))
                .body("error.name", equalTo("NotFoundError"));
        as(token).delete("/api/" + plural + "/" + id).then().statusCode(404);
    }

    @Test
    void invalidValuesAreRejectedWithEveryProblemAndNothingIsWritten() {
        as(token).body(Map.of("data", Map.of("title", 12, "views", -1, "category", "gossip", "bogus", true)))
                .post("/api/" + plural).then().statusCode(400)
                .body("data", nullValue())
                .body("error.status", equalTo(400))
                .body("error.name", equalTo("ValidationError"))
                .body("error.details.errors.path.flatten()", containsInAnyOrder("title", "views", "category", "bogus"));
        as(token).body(Map.of("data", Map.of("views", 1))).post("/api/" + plural).then().statusCode(400)
                .body("error.message", equalTo("title must be defined."));
        as(token).body(Map.of("title", "no data wrapper")).post("/api/" + plural).then().statusCode(400)
                .body("error.message", equalTo("Missing \"data\" payload in the request body"));
        as(token).body("{\"data\": {\"title\": ").post("/api/" + plural).then().statusCode(400)
                .body("error.name", equalTo("ValidationError"));
        as(token).body("{\"data\": {\"title\": \"a\", \"title\": \"b\"}}").post("/api/" + plural).then()
                .statusCode(400);
        as(token).body("{\"data\": {\"title\": \"x\", \"views\": 1e400}}").post("/api/" + plural).then()
                .statusCode(400).body("error.details.errors[0].path", contains("views"));
        as(token).body("{\"data\": {\"title\": \"x\", \"rating\": -1e400}}").post("/api/" + plural).then()
                .statusCode(400).body("error.details.errors[0].path", contains("rating"));
        as(token).contentType("text/plain").body("{}").post("/api/" + plural).then().statusCode(415)
                .body("error.name", equalTo("UnsupportedMediaTypeError"));
        as(token).get("/api/" + plural).then().statusCode(200).body("meta.pagination.total", equalTo(0));
    }

    /**
     * Strapi 5's default rich text, {@code blocks}: stored and returned as sent, checked as Strapi checks it, and
     * neither filtered nor sorted by, as a JSON document.
     */
    @Test
    void blocksAreStoredAsSentAndCheckedAsStrapiChecksThem() throws Exception {
        String singular = Api.uniqueName("story");
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", singular + "s", "displayName", "Story"),
                "attributes", Map.of("title", Map.of("type", "string"),
                        "body", Map.of("type", "blocks", "required", true))))
                .post("/admin/content-types").then().statusCode(201);
        String body = "[{\"type\":\"heading\",\"level\":2,\"children\":[{\"type\":\"text\",\"text\":\"Quire\"}]},"
                + "{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"Read \",\"bold\":true},"
                + "{\"type\":\"link\",\"url\":\"/about\",\"children\":[{\"type\":\"text\",\"text\":\"this\"}]}]},"
                + "{\"type\":\"list\",\"format\":\"ordered\",\"children\":[{\"type\":\"list-item\",\"children\":"
                + "[{\"type\":\"text\",\"text\":\"one\"}]}]}]";
        String id = as(token).body("{\"data\":{\"title\":\"Hello\",\"body\":" + body + "}}")
                .post("/api/" + singular + "s").then().statusCode(201).extract().path("data.documentId");
        String stored = as(token).get("/api/" + singular + "s/" + id).then().statusCode(200).extract().asString();
        assertThat(json.readTree(stored).path("data").path("body")).isEqualTo(json.readTree(body));

        as(token).body("{\"data\":{\"title\":\"Bad\",\"body\":[{\"type\":\"paragraph\",\"children\":"
                + "[{\"type\":\"link\",\"url\":\"javascript:alert(1)\",\"children\":[]}]}]}}")
                .post("/api/" + singular + "s").then().statusCode(400)
                .body("error.name", equalTo("ValidationError"))
                .body("error.message", equalTo("body[0].children[0].url must be a link that is absolute or starts"
                        + " with /, and not javascript:, vbscript: or data:"))
                .body("error.details.errors[0].path", contains("body"));
        as(token).body("{\"data\":{\"title\":\"Bad\",\"body\":\"<p>html</p>\"}}").post("/api/" + singular + "s")
                .then().statusCode(400).body("error.message", equalTo("body must be an array of blocks"));
        as(token).body("{\"data\":{\"title\":\"No body\"}}").post("/api/" + singular + "s").then().statusCode(400)
                .body("error.message", equalTo("body must be defined."));
        as(token).queryParam("filters[body][$null]", "true").get("/api/" + singular + "s").then().statusCode(400)
                .body("error.message", equalTo("Invalid key body in filters"));
        as(token).queryParam("sort", "body").get("/api/" + singular + "s").then().statusCode(400);
        as(token).get("/api/" + singular + "s").then().body("meta.pagination.total", equalTo(1));
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular + "x", "pluralName", singular + "xs", "displayName", "X"),
                "attributes", Map.of("body", Map.of("type", "blocks", "unique", true))))
                .post("/admin/content-types").then().statusCode(400);
    }

    @Test
    void uniqueIsEnforcedByTheDatabase() {
        create(Map.of("title", "Same title"));

        as(token).body(Map.of("data", Map.of("title", "Same title"))).post("/api/" + plural).then().statusCode(400)
                .body("error.details.errors[0].path", contains("slug"))
                .body("error.message", equalTo("This attribute must be unique"));
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(1));
    }

    @Test
    void badQueryParametersAreA400() {
        as(token).queryParam("pagination[page]", 1).queryParam("pagination[limit]", 5).get("/api/" + plural).then()
                .statusCode(400).body("error.name", equalTo("ValidationError"));
        as(token).queryParam("sort", "nope:asc").get("/api/" + plural).then().statusCode(400);
        as(token).queryParam("sort", "title; DROP TABLE entry").get("/api/" + plural).then().statusCode(400);
        as(token).queryParam("pagination[pageSize]", "ten").get("/api/" + plural).then().statusCode(400);
        as(token).queryParam("filters[title][$like]", "x").get("/api/" + plural).then().statusCode(400)
                .body("error.message", equalTo("Invalid operator $like on title"));
        as(token).queryParam("publicationState", "live").get("/api/" + plural).then().statusCode(400)
                .body("error.message", equalTo("Invalid parameter publicationState"));
        as(token).queryParam("populate", "title").get("/api/" + plural).then().statusCode(400)
                .body("error.message", equalTo("Invalid key title in populate"));
    }

    @Test
    void unknownTypesAndDocumentsAre404() {
        as(token).get("/api/no-such-things").then().statusCode(404).body("error.name", equalTo("NotFoundError"));
        as(token).get("/api/" + plural + "/' OR 1=1 --").then().statusCode(404);
        as(token).body(Map.of("data", Map.of("title", "x"))).put("/api/" + plural + "/missing").then().statusCode(404);
    }

    @Test
    void contentApiNeedsABearerToken() {
        given().get("/api/" + plural).then().statusCode(401).body("error.name", equalTo("UnauthorizedError"));
        given().header("Authorization", "Bearer forged").get("/api/" + plural).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("data", Map.of("title", "x"))).post("/api/" + plural)
                .then().statusCode(401);
    }

    /**
     * An anonymous write the public role does not allow is refused before it takes a turn of SQLite's single writer: it
     * answers while another write holds the writer, where before it queued behind it only to be denied, so that a flood
     * of them could hold back the site's own writes. (A caller with credentials who is denied is recorded in the audit
     * log, which is a write of its own. On PostgreSQL a held write blocks nothing here, so this holds trivially.)
     */
    @Test
    void aWriteWithoutPermissionIsRefusedWithoutWaitingForTheWriter() throws Exception {
        String id = as(token).body(Map.of("data", Map.of("title", "Kept"))).post("/api/" + plural).then()
                .statusCode(201).extract().path("data.documentId");
        String single = Api.uniqueName("banner");
        as(token).body(Map.of("kind", "singleType",
                "info", Map.of("singularName", single, "pluralName", single + "s", "displayName", "Banner"),
                "attributes", Map.of("text", Map.of("type", "string"))))
                .post("/admin/content-types").then().statusCode(201);
        as(token).get("/api/" + single).then().statusCode(404);
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (HeldWrite<Void> held = HeldWrite.hold(storage, s -> null)) {
            List<Callable<Response>> refused = List.of(
                    () -> given().contentType(ContentType.JSON).body(Map.of("data", Map.of("title", "x")))
                            .post("/api/" + plural),
                    () -> given().contentType(ContentType.JSON).body(Map.of("data", Map.of("title", "x")))
                            .put("/api/" + plural + "/" + id),
                    () -> given().delete("/api/" + plural + "/" + id),
                    () -> given().contentType(ContentType.JSON).body(Map.of("data", Map.of("text", "x")))
                            .put("/api/" + single),
                    () -> given().delete("/api/" + single),
                    () -> given().post("/api/" + plural + "/" + id + "/publish"));
            List<Integer> statuses = new ArrayList<>();
            for (Callable<Response> request : refused) {
                Future<Response> answer = client.submit(request);
                await().atMost(Duration.ofSeconds(10)).until(answer::isDone);
                statuses.add(answer.get().statusCode());
            }
            assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 401);
            held.release();
        } finally {
            client.shutdown();
        }
        as(token).get("/api/" + plural + "/" + id).then().statusCode(200).body("data.title", equalTo("Kept"));
    }

    /**
     * Without {@code cms.content.locales} the site lists its default locale alone, as a new Strapi does, to anyone: the
     * route is not a content type's, though it sits under {@code /api}.
     */
    @Test
    void theSiteLocalesAreTheDefaultOneWhenNoneAreConfigured() {
        given().get("/api/i18n/locales").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(1))
                .body("[0].code", equalTo("en"))
                .body("[0].name", equalTo("English (en)"))
                .body("[0].isDefault", equalTo(true));
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", "translation", "pluralName", "i18n", "displayName", "Translation"),
                "attributes", Map.of("title", Map.of("type", "string"))))
                .post("/admin/content-types").then().statusCode(400)
                .body("error.message",
                        equalTo("pluralName cannot be i18n: /api/i18n/locales lists the site's locales"));
    }

    @Test
    void singleTypesLiveAtTheirSingularName() {
        String singular = Api.uniqueName("homepage");
        as(token).body(Map.of("kind", "singleType",
                "info", Map.of("singularName", singular, "pluralName", singular + "s", "displayName", "Homepage"),
                "attributes", Map.of("headline", Map.of("type", "string", "required", true))))
                .post("/admin/content-types").then().statusCode(201);

        as(token).get("/api/" + singular).then().statusCode(404);
        String documentId = as(token).body(Map.of("data", Map.of("headline", "Welcome"))).put("/api/" + singular)
                .then().statusCode(200).body("data.headline", equalTo("Welcome")).extract().path("data.documentId");
        as(token).body(Map.of("data", Map.of("headline", "Hello"))).put("/api/" + singular).then().statusCode(200)
                .body("data.documentId", equalTo(documentId))
                .header("ETag", equalTo("\"v2\""));
        as(token).get("/api/" + singular).then().statusCode(200).body("data.headline", equalTo("Hello"));
        as(token).body(Map.of("data", Map.of("headline", "x"))).post("/api/" + singular).then().statusCode(405);
        as(token).delete("/api/" + singular).then().statusCode(204);
        as(token).get("/api/" + singular).then().statusCode(404);
    }

    /**
     * The first PUTs of a single type at once: one creates its entry, the rest edit it in turn. On PostgreSQL several
     * can find it absent; without running the loser again, its insert came back as 400.
     */
    @Test
    void concurrentFirstPutsOfASingleTypeCreateItOnceAndEditItInTurn() throws Exception {
        for (int round = 0; round < 3; round++) {
            String singular = Api.uniqueName("banner");
            as(token).body(Map.of("kind", "singleType",
                    "info", Map.of("singularName", singular, "pluralName", singular + "s", "displayName", "Banner"),
                    "attributes", Map.of("headline", Map.of("type", "string", "required", true))))
                    .post("/admin/content-types").then().statusCode(201);

            List<Response> responses = Api.atOnce(8, i -> as(token)
                    .body(Map.of("data", Map.of("headline", "Headline " + i))).put("/api/" + singular));

            assertThat(Api.statusesAndEtags(responses)).containsExactlyInAnyOrder(Api.versionsOneToN(8));
            assertThat(responses).extracting(r -> r.path("data.documentId")).containsOnly(
                    responses.get(0).<String>path("data.documentId"));
            as(token).get("/api/" + singular).then().statusCode(200).header("ETag", equalTo("\"v8\""));
        }
    }

    @Test
    void contentTypeChangesTakeEffectAtOnce() {
        String singular = plural.substring(0, plural.length() - 1);
        create(Map.of("title", "Before"));
        Map<String, Object> schema = new java.util.HashMap<>(Api.articleSchema(singular, plural));
        Map<String, Object> attributes = new java.util.HashMap<>(Map.of(
                "title", Map.of("type", "string", "required", true),
                "summary", Map.of("type", "text", "maxLength", 10)));
        schema.put("attributes", attributes);

        as(token).header("If-Match", "\"v1\"").body(schema).put("/admin/content-types/" + singular).then()
                .statusCode(200).body("data.version", equalTo(2));
        as(token).body(Map.of("data", Map.of("title", "After", "summary", "short"))).post("/api/" + plural).then()
                .statusCode(201).body("data.summary", equalTo("short")).body("data", not(hasKey("slug")));
        as(token).body(Map.of("data", Map.of("title", "After", "summary", "far too long"))).post("/api/" + plural)
                .then().statusCode(400);
        as(token).header("If-Match", "\"v1\"").body(schema).put("/admin/content-types/" + singular).then()
                .statusCode(412);

        as(token).delete("/admin/content-types/" + singular).then().statusCode(204);
        as(token).get("/api/" + plural).then().statusCode(404);
        as(token).get("/admin/content-types/" + singular).then().statusCode(404);
    }

    @Test
    void invalidSchemasAreRejectedWithDetails() {
        as(token).body(Map.of("kind", "weird", "info", Map.of("singularName", "Bad Name"),
                "attributes", Map.of("id", Map.of("type", "string"), "n", Map.of("type", "string", "min", 1),
                        "e", Map.of("type", "enumeration"))))
                .post("/admin/content-types").then().statusCode(400)
                .body("error.name", equalTo("ValidationError"))
                .body("error.details.errors.path", org.hamcrest.Matchers.hasItems(List.of("kind"),
                        List.of("info", "singularName"), List.of("attributes", "id"), List.of("attributes", "n", "min"),
                        List.of("attributes", "e", "enum")));
        String singular = plural.substring(0, plural.length() - 1);
        as(token).body(Api.articleSchema(singular, plural)).post("/admin/content-types").then().statusCode(409)
                .body("error.name", equalTo("ConflictError"));
    }
}
