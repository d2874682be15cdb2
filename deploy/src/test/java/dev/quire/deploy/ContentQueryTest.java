package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Strapi 5's query language through the content API: filters, sort, fields and search. */
@QuarkusTest
class ContentQueryTest {

    private String token;
    private String plural;

    @BeforeEach
    void createEntries() {
        token = Api.login();
        String singular = Api.uniqueName("product");
        plural = singular + "s";
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Product"),
                "attributes", Map.of(
                        "title", Map.of("type", "string"),
                        "views", Map.of("type", "integer", "index", true),
                        "price", Map.of("type", "decimal"),
                        "ok", Map.of("type", "boolean"),
                        "day", Map.of("type", "date"),
                        "at", Map.of("type", "datetime"),
                        "secret", Map.of("type", "string", "private", true))))
                .post("/admin/content-types").then().statusCode(201);
        create(Map.of("title", "Apple Pie", "views", 10, "price", 2.5, "ok", true, "day", "2025-01-02", "at",
                "2025-01-02T10:00:00Z", "secret", "a"));
        create(Map.of("title", "apple juice", "views", 9, "price", 10, "ok", false, "day", "2024-12-31", "at",
                "2024-12-31T23:00:00-02:00"));
        create(Map.of("title", "Banana 100% _bio_", "views", 100));
        create(Map.of("title", "Cherry"));
    }

    private void create(Map<String, Object> data) {
        as(token).body(Map.of("data", data)).post("/api/" + plural).then().statusCode(201);
    }

    private RequestSpecification query(String... params) {
        RequestSpecification spec = as(token).urlEncodingEnabled(true).queryParam("sort", "title:asc");
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.queryParam(params[i], params[i + 1]);
        }
        return spec;
    }

    private List<String> titles(String... params) {
        return query(params).get("/api/" + plural).then().statusCode(200).extract().path("data.title");
    }

    @Test
    void everyOperatorFiltersWithTypedValues() {
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$eq]", "Cherry")).containsExactly("Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title]", "Cherry")).containsExactly("Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$eqi]", "cherry")).containsExactly("Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$ne]", "Cherry")).hasSize(3);
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$nei]", "CHERRY")).hasSize(3);
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$lt]", "10")).containsExactly("apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$lte]", "10"))
                .containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$gt]", "9"))
                .containsExactly("Apple Pie", "Banana 100% _bio_");
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$gte]", "100"))
                .containsExactly("Banana 100% _bio_");
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$in][0]", "9", "filters[views][$in][1]",
                "100")).containsExactly("Banana 100% _bio_", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$notIn][0]", "9"))
                .containsExactly("Apple Pie", "Banana 100% _bio_");
        org.assertj.core.api.Assertions.assertThat(titles("filters[views][$between][0]", "9",
                "filters[views][$between][1]", "10")).containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$contains]", "pple"))
                .containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$contains]", "Apple"))
                .containsExactly("Apple Pie");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$containsi]", "APPLE"))
                .containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$notContains]", "pple"))
                .containsExactly("Banana 100% _bio_", "Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$notContainsi]", "APPLE"))
                .containsExactly("Banana 100% _bio_", "Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$contains]", "%"))
                .containsExactly("Banana 100% _bio_");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$startsWith]", "apple"))
                .containsExactly("apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$startsWithi]", "apple"))
                .containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$endsWith]", "Pie"))
                .containsExactly("Apple Pie");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$endsWithi]", "JUICE"))
                .containsExactly("apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[price][$null]", "true"))
                .containsExactly("Banana 100% _bio_", "Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[price][$notNull]", "true"))
                .containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[price][$gt]", "3")).containsExactly("apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[ok][$eq]", "true")).containsExactly("Apple Pie");
        org.assertj.core.api.Assertions.assertThat(titles("filters[ok][$eq]", "false"))
                .containsExactly("apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[day][$gte]", "2025-01-01"))
                .containsExactly("Apple Pie");
        // 2024-12-31T23:00-02:00 is 2025-01-01T01:00Z: datetimes compare as instants, not as the text sent
        org.assertj.core.api.Assertions.assertThat(titles("filters[at][$gt]", "2025-01-01T00:30:00+00:00"))
                .containsExactly("Apple Pie", "apple juice");
        org.assertj.core.api.Assertions.assertThat(titles("filters[createdAt][$lte]", "2999-01-01")).hasSize(4);
    }

    @Test
    void conditionsNestWithAndOrNot() {
        org.assertj.core.api.Assertions.assertThat(titles("filters[$or][0][title][$eq]", "Cherry",
                "filters[$or][1][views][$gte]", "100")).containsExactly("Banana 100% _bio_", "Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[$and][0][title][$containsi]", "apple",
                "filters[$and][1][views][$gt]", "9")).containsExactly("Apple Pie");
        org.assertj.core.api.Assertions.assertThat(titles("filters[$not][title][$containsi]", "apple"))
                .containsExactly("Banana 100% _bio_", "Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$not][$containsi]", "apple"))
                .containsExactly("Banana 100% _bio_", "Cherry");
        org.assertj.core.api.Assertions.assertThat(titles("filters[$or][0][$and][0][views][$gt]", "5",
                "filters[$or][0][$and][1][ok][$eq]", "false", "filters[$or][1][title][$eq]", "Cherry"))
                .containsExactly("Cherry", "apple juice");
    }

    @Test
    void sortFieldsAndSearch() {
        as(token).queryParam("sort", "views:desc").queryParam("fields[0]", "title").get("/api/" + plural).then()
                .statusCode(200)
                .body("data.title", contains("Banana 100% _bio_", "Apple Pie", "apple juice", "Cherry"))
                .body("data[0]", not(hasKey("views")))
                .body("data[0]", hasKey("documentId"))
                .body("data[0]", hasKey("id"));
        as(token).queryParam("fields", "title,views").queryParam("_q", "APPLE").get("/api/" + plural).then()
                .statusCode(200)
                .body("data.title", containsInAnyOrder("Apple Pie", "apple juice"))
                .body("data[0].keySet()", containsInAnyOrder("id", "documentId", "title", "views"));
        as(token).queryParam("_q", "a").queryParam("filters[views][$lt]", "10").get("/api/" + plural).then()
                .statusCode(200).body("data.title", contains("apple juice"));
    }

    @Test
    void badFiltersAre400AndChangeNothing() {
        String[][] bad = {
                {"filters[nope][$eq]", "x"}, {"filters[secret][$eq]", "a"}, {"filters[title][$like]", "x"},
                {"filters[views][$gt]", "many"}, {"filters[ok][$eq]", "maybe"}, {"filters[day][$eq]", "soon"},
                {"filters[views][$contains]", "1"}, {"filters[views][$between][0]", "1"},
                {"filters[title'] = 'x' OR '1'='1][$eq]", "x"}, {"filters[$or][title]", "x"},
                {"filters", "title"}, {"sort", "title;drop table entry"}, {"fields[0]", "secret"},
                {"fields[0]", "title, (select 1)"}, {"pagination[page]", "-1"}, {"status", "archived"},
                {"filters[$and][0][title][$eq][0]", "x"}};
        for (String[] param : bad) {
            as(token).queryParam(param[0], param[1]).get("/api/" + plural).then()
                    .statusCode(400).body("error.name", equalTo("ValidationError"));
        }
        StringBuilder deep = new StringBuilder("filters");
        for (int i = 0; i < 13; i++) {
            deep.append("[$not]");
        }
        as(token).queryParam(deep + "[title][$eq]", "x").get("/api/" + plural).then().statusCode(400);
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$eq]", "x' OR '1'='1")).isEmpty();
        org.assertj.core.api.Assertions.assertThat(titles("filters[title][$contains]", "'); DELETE FROM entry; --"))
                .isEmpty();
        as(token).body("{\"data\":{\"title\\\"); DROP TABLE entry; --\":\"x\"}}").post("/api/" + plural).then()
                .statusCode(400).body("error.details.errors[0].message", org.hamcrest.Matchers.startsWith(
                        "Invalid key"));
        as(token).contentType("application/json; charset=UTF-8").body(new byte[]{'{', '"', 'd', '"', ':', '"',
                (byte) 0xC3, (byte) 0x28, '"', '}'}).post("/api/" + plural).then().statusCode(400)
                .body("error.name", equalTo("ValidationError"));
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(4)).body("data", not(empty()));
    }
}
