package dev.quire.deploy;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Helpers for tests that talk to the running application as a client would. */
final class Api {

    static final String ADMIN_EMAIL = "admin@quire.test";
    static final String ADMIN_PASSWORD = "test-admin-password";

    private Api() {
    }

    static String login() {
        return given().contentType(ContentType.JSON).body(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
                .post("/admin/login").then().statusCode(200).extract().path("data.token");
    }

    static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** A name no other test uses, so tests do not depend on each other or on order. */
    static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A collection type schema with one attribute of each kind the tests need. */
    static Map<String, Object> articleSchema(String singular, String plural) {
        return Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Article"),
                "options", Map.of("draftAndPublish", false),
                "attributes", Map.of(
                        "title", Map.of("type", "string", "required", true, "maxLength", 80),
                        "slug", Map.of("type", "uid", "targetField", "title"),
                        "views", Map.of("type", "integer", "min", 0, "default", 0),
                        "rating", Map.of("type", "decimal"),
                        "published", Map.of("type", "date"),
                        "category", Map.of("type", "enumeration", "enum", java.util.List.of("news", "blog")),
                        "internal", Map.of("type", "text", "private", true)));
    }
}
