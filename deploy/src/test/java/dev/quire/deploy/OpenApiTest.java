package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document describes the content and admin APIs, and is readable without credentials. */
@QuarkusTest
class OpenApiTest {

    @Test
    void theOpenApiDocumentDescribesTheContentAndAdminApis() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("title: Quire"))
                .body(containsString("/api/{name}/{documentId}:"))
                .body(containsString("/admin/webhooks/{id}/deliveries:"))
                .body(containsString("/admin/jobs/{name}/trigger:")).body(containsString("/admin/storage:"))
                .body(containsString("/admin/content/{name}/{documentId}/schedule:"));
    }
}
