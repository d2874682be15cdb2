package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.quire.storage.spi.Storage;

/** Relations written by documentId, populated in batches, filtered through, and never dangling. */
@QuarkusTest
class RelationsTest {

    @Inject
    Storage storage;

    private String token;
    private String author;
    private String tag;
    private String article;
    private String ann;
    private String bob;
    private String t1;
    private String t2;
    private String t3;

    @BeforeEach
    void createTypes() {
        token = Api.login();
        String suffix = Api.uniqueName("");
        author = "author" + suffix;
        tag = "tag" + suffix;
        article = "article" + suffix;
        type(author, Map.of("name", Map.of("type", "string")));
        type(tag, Map.of("label", Map.of("type", "string")));
        type(article, Map.of("title", Map.of("type", "string"),
                "author", Map.of("type", "relation", "relation", "manyToOne", "target", "api::" + author + "." + author,
                        "inversedBy", "articles"),
                "tags", Map.of("type", "relation", "relation", "manyToMany", "target", tag)));
        as(token).body(schema(author, Map.of("name", Map.of("type", "string"), "articles", Map.of("type", "relation",
                "relation", "oneToMany", "target", article, "mappedBy", "author"))))
                .put("/admin/content-types/" + author).then().statusCode(200);
        ann = create(author, Map.of("name", "Ann"));
        bob = create(author, Map.of("name", "Bob"));
        t1 = create(tag, Map.of("label", "one"));
        t2 = create(tag, Map.of("label", "two"));
        t3 = create(tag, Map.of("label", "three"));
    }

    private static Map<String, Object> schema(String name, Map<String, Object> attributes) {
        return Map.of("kind", "collectionType",
                "info", Map.of("singularName", name, "pluralName", name + "s", "displayName", name),
                "attributes", attributes);
    }

    private void type(String name, Map<String, Object> attributes) {
        as(token).body(schema(name, attributes)).post("/admin/content-types").then().statusCode(201);
    }

    private String create(String type, Map<String, Object> data) {
        return as(token).body(Map.of("data", data)).post("/api/" + type + "s").then().statusCode(201)
                .extract().path("data.documentId");
    }

    @Test
    void relationsAreWrittenByDocumentIdAndPopulatedOnlyWhenAsked() {
        String id = create(article, Map.of("title", "Hello", "author", ann, "tags", List.of(t2, t1)));

        as(token).get("/api/" + article + "s/" + id).then().statusCode(200)
                .body("data", not(hasKey("author"))).body("data", not(hasKey("tags")));
        as(token).queryParam("populate", "*").get("/api/" + article + "s/" + id).then().statusCode(200)
                .body("data.author.documentId", equalTo(ann))
                .body("data.author.name", equalTo("Ann"))
                .body("data.tags.label", contains("two", "one"));
        as(token).queryParam("populate[author][fields][0]", "name").get("/api/" + article + "s").then()
                .statusCode(200)
                .body("data[0].author.keySet()", containsInAnyOrder("id", "documentId", "name"))
                .body("data[0]", not(hasKey("tags")));
        as(token).queryParam("populate[tags][sort]", "label:asc")
                .queryParam("populate[tags][filters][label][$ne]", "one")
                .get("/api/" + article + "s/" + id).then().body("data.tags.label", contains("two"));
    }

    @Test
    void theInverseSideAndNestedPopulateAreLoaded() {
        String hello = create(article, Map.of("title", "Hello", "author", ann, "tags", List.of(t1)));
        create(article, Map.of("title", "World", "author", ann));
        create(article, Map.of("title", "Other", "author", bob));

        as(token).queryParam("filters[name][$eq]", "Ann").queryParam("populate[articles][sort]", "title:asc")
                .queryParam("populate[articles][populate][0]", "tags")
                .get("/api/" + author + "s").then().statusCode(200)
                .body("data[0].articles.title", contains("Hello", "World"))
                .body("data[0].articles[0].documentId", equalTo(hello))
                .body("data[0].articles[0].tags.label", contains("one"))
                .body("data[0].articles[1].tags", equalTo(List.of()));
        as(token).body(Map.of("data", Map.of("articles", List.of(hello)))).put("/api/" + author + "s/" + bob)
                .then().statusCode(400).body("error.details.errors[0].path", contains("articles"));
    }

    @Test
    void connectDisconnectAndSetChangeTheLinks() {
        String id = create(article, Map.of("title", "Hello", "tags", List.of(t1, t2)));
        String path = "/api/" + article + "s/" + id;

        as(token).queryParam("populate", "tags").body(Map.of("data", Map.of("tags", Map.of("connect", List.of(
                Map.of("documentId", t3)), "disconnect", List.of(t2))))).put(path).then().statusCode(200)
                .body("data.tags.label", contains("one", "three"));
        as(token).queryParam("populate", "tags,author").body(Map.of("data", Map.of("tags", Map.of("set",
                List.of(t3)), "author", bob))).put(path).then().statusCode(200)
                .body("data.tags.label", contains("three")).body("data.author.name", equalTo("Bob"));
        as(token).queryParam("populate", "author").body(Map.of("data", java.util.Collections.singletonMap("author",
                null))).put(path).then().statusCode(200).body("data.author", nullValue());
    }

    /**
     * A link to a document whose deletion is under way, and a publication copying a draft's link to it, wait for the
     * deletion and then behave as after it: the link is refused (400, nothing written) and the publication goes ahead
     * without it. On PostgreSQL both had read the document before its deletion committed and failed on its foreign key
     * with a 500; such a write is now run again.
     */
    @Test
    void writesThatMeetADeletionOfTheirTargetUnderWayBehaveAsAfterIt() throws Exception {
        String tags = tag + "s";
        String draftOnly = Api.uniqueName("post");
        Map<String, Object> posts = new HashMap<>(schema(draftOnly, Map.of("title", Map.of("type", "string"),
                "tags", Map.of("type", "relation", "relation", "manyToMany", "target", tag))));
        posts.put("options", Map.of("draftAndPublish", true));
        as(token).body(posts).post("/admin/content-types").then().statusCode(201);
        String id = create(article, Map.of("title", "Hello"));
        String post = as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", "Draft", "tags",
                List.of(t1, t2)))).post("/api/" + draftOnly + "s").then().statusCode(201).extract()
                .path("data.documentId");
        long tagType = storage.read(s -> s.contentTypes().findByName(tags)).orElseThrow().id();

        try (HeldWrite<Integer> deletion = HeldWrite.hold(storage, s -> s.entries().delete(tagType, t1, "en"))) {
            Future<Response> link = deletion.behind(() -> as(token)
                    .body(Map.of("data", Map.of("title", "Changed", "tags", List.of(t1)))).put("/api/" + article
                            + "s/" + id));
            Future<Response> publish = deletion.behind(() -> as(token).queryParam("populate", "tags")
                    .post("/api/" + draftOnly + "s/" + post + "/publish"));
            assertThat(deletion.release()).isEqualTo(1);

            link.get(30, TimeUnit.SECONDS).then().statusCode(400).body("error.details.errors[0].path",
                    contains("tags"));
            publish.get(30, TimeUnit.SECONDS).then().statusCode(200).body("data.tags.label", contains("two"));
        }
        as(token).queryParam("populate", "*").get("/api/" + article + "s/" + id).then().statusCode(200)
                .body("data.title", equalTo("Hello")).body("data.tags", equalTo(List.of()));
    }

    @Test
    void linksToMissingEntriesAreRefusedAndDeletedTargetsLeaveNoDanglingLink() {
        String id = create(article, Map.of("title", "Hello", "author", ann, "tags", List.of(t1)));
        String path = "/api/" + article + "s/" + id;

        as(token).body(Map.of("data", Map.of("title", "Changed", "tags", List.of(t1, "nosuchdocument"))))
                .put(path).then().statusCode(400).body("error.details.errors[0].path", contains("tags"));
        as(token).body(Map.of("data", Map.of("author", List.of(ann, bob)))).put(path).then().statusCode(400);
        as(token).body(Map.of("data", Map.of("author", 12))).put(path).then().statusCode(400);
        as(token).queryParam("populate", "*").get(path).then().body("data.title", equalTo("Hello"))
                .body("data.tags.label", contains("one"));

        as(token).delete("/api/" + author + "s/" + ann).then().statusCode(204);
        as(token).delete("/api/" + tag + "s/" + t1).then().statusCode(204);
        as(token).queryParam("populate", "*").get(path).then().body("data.author", nullValue())
                .body("data.tags", equalTo(List.of()));
        as(token).delete("/admin/content-types/" + tag).then().statusCode(409).body("error.name", equalTo(
                "ConflictError"));
    }

    @Test
    void filtersReachThroughRelationsInBothDirections() {
        create(article, Map.of("title", "By Ann", "author", ann, "tags", List.of(t1, t2)));
        create(article, Map.of("title", "By Bob", "author", bob, "tags", List.of(t2)));

        as(token).queryParam("filters[author][name][$eq]", "Ann").get("/api/" + article + "s").then()
                .statusCode(200).body("data.title", contains("By Ann"));
        as(token).queryParam("filters[tags][label][$eq]", "two").queryParam("sort", "title")
                .get("/api/" + article + "s").then().body("data.title", contains("By Ann", "By Bob"));
        as(token).queryParam("filters[$not][tags][label][$eq]", "one").get("/api/" + article + "s").then()
                .body("data.title", contains("By Bob"));
        as(token).queryParam("filters[articles][title][$containsi]", "bob").get("/api/" + author + "s").then()
                .body("data.name", contains("Bob"));
        as(token).queryParam("filters[author][nope][$eq]", "x").get("/api/" + article + "s").then()
                .statusCode(400);
        as(token).queryParam("filters[author]", "x").get("/api/" + article + "s").then().statusCode(400);
        as(token).queryParam("populate", "title").get("/api/" + article + "s").then().statusCode(400);
    }

    @Test
    void populateRunsTheSameNumberOfQueriesWhateverThePageSize() {
        for (int i = 0; i < 30; i++) {
            create(article, Map.of("title", "a" + i, "author", i % 2 == 0 ? ann : bob, "tags", List.of(t1, t2, t3)));
        }
        long small = statements(3);
        long large = statements(30);
        org.assertj.core.api.Assertions.assertThat(large).isEqualTo(small);
        // page with its count (the type as last seen, checked in the page's statement), links and entries for each of
        // three relations, three target types; the session is counted apart (AccessControlTest)
        org.assertj.core.api.Assertions.assertThat(large).isEqualTo(10);
    }

    /**
     * Statements run by one list request of {@code pageSize} articles with nested relations populated, after a commit.
     */
    private long statements(int pageSize) {
        create(tag, Map.of("label", "a commit"));
        long before = dev.quire.storage.jdbc.JdbcStatistics.statements();
        as(token).queryParam("pagination[pageSize]", pageSize).queryParam("populate[author][populate][0]", "articles")
                .queryParam("populate[tags]", "true").get("/api/" + article + "s").then().statusCode(200)
                .body("data.size()", equalTo(pageSize));
        return dev.quire.storage.jdbc.JdbcStatistics.statements() - before;
    }

    @Test
    void relationDepthIsCapped() {
        String node = "node" + Api.uniqueName("");
        type(node, Map.of("name", Map.of("type", "string"),
                "parent", Map.of("type", "relation", "relation", "manyToOne", "target", node)));
        String root = create(node, Map.of("name", "root"));
        create(node, Map.of("name", "child", "parent", root));

        as(token).queryParam("filters[parent][name][$eq]", "root").get("/api/" + node + "s").then().statusCode(200)
                .body("data.name", contains("child"));
        as(token).queryParam("filters[parent][parent][parent][parent][parent][parent][name][$eq]", "x")
                .get("/api/" + node + "s").then().statusCode(400);
        as(token).body(schema("orphan" + Api.uniqueName(""), Map.of("owner", Map.of("type", "relation",
                "relation", "manyToOne", "target", "nosuchtype")))).post("/admin/content-types").then()
                .statusCode(400).body("error.details.errors[0].path", contains("attributes", "owner", "target"));
    }
}
