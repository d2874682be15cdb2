package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Relations written by documentId, populated in batches, filtered through, and never dangling. */
@QuarkusTest
class RelationsTest {

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
