package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With {@code cms.content.locales} set, a localized type is written and read in those locales and the default one only:
 * any other is a 400 that writes nothing, so a client's typo cannot start a localization of its own. The setting is
 * written with a space after the comma, as operators write lists; before the spaces were taken off, {@code de-CH}
 * stayed unreachable behind the configured " de-CH".
 */
@QuarkusTest
@TestProfile(ConfiguredLocalesTest.EnglishAndFrench.class)
class ConfiguredLocalesTest {

    public static class EnglishAndFrench implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cms.content.locales", "fr, de-CH");
        }
    }

    @Test
    void onlyTheConfiguredLocalesAndTheDefaultOneAreTaken() {
        String token = Api.login();
        String singular = Api.uniqueName("page");
        String plural = singular + "s";
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Page"),
                "pluginOptions", Map.of("i18n", Map.of("localized", true)),
                "attributes", Map.of("title", Map.of("type", "string"))))
                .post("/admin/content-types").then().statusCode(201);
        String id = as(token).body(Map.of("data", Map.of("title", "Hello"))).post("/api/" + plural).then()
                .statusCode(201).body("data.locale", equalTo("en")).extract().path("data.documentId");

        as(token).queryParam("locale", "fr").body(Map.of("data", Map.of("title", "Bonjour")))
                .put("/api/" + plural + "/" + id).then().statusCode(200).body("data.locale", equalTo("fr"));
        as(token).queryParam("locale", "de-CH").body(Map.of("data", Map.of("title", "Grüezi")))
                .put("/api/" + plural + "/" + id).then().statusCode(200);
        as(token).queryParam("locale", "fr-FR").body(Map.of("data", Map.of("title", "Bonjour")))
                .put("/api/" + plural + "/" + id).then().statusCode(400)
                .body("error.name", equalTo("ValidationError"))
                .body("error.message", equalTo("locale fr-FR is not one of this site's locales: en, fr, de-CH"
                        + " (cms.content.locales)"));
        as(token).queryParam("locale", "es").body(Map.of("data", Map.of("title", "Hola"))).post("/api/" + plural)
                .then().statusCode(400);
        as(token).queryParam("locale", "es").get("/api/" + plural).then().statusCode(400);
        as(token).queryParam("locale", "es").get("/api/" + plural + "/" + id).then().statusCode(400);

        as(token).queryParam("locale", "all").get("/api/" + plural).then().statusCode(400);
        as(token).get("/api/" + plural).then().statusCode(200).body("data.title", contains("Hello"))
                .body("meta.pagination.total", equalTo(1));
        as(token).queryParam("locale", "fr").get("/api/" + plural).then().statusCode(200)
                .body("data.title", contains("Bonjour"));
    }

    @Test
    void aTypeWithoutLocalesIgnoresTheParameterAsBefore() {
        String token = Api.login();
        String singular = Api.uniqueName("note");
        as(token).body(Api.articleSchema(singular, singular + "s")).post("/admin/content-types").then()
                .statusCode(201);
        as(token).queryParam("locale", "es").body(Map.of("data", Map.of("title", "Note"))).post("/api/" + singular
                + "s").then().statusCode(201).body("data.title", equalTo("Note"));
    }

    @Test
    void theSiteLocalesAreListedAsStrapiListsThem() {
        given().get("/api/i18n/locales").then().statusCode(200)
                .body("id", contains(1, 2, 3))
                .body("documentId", contains("en", "fr", "de-CH"))
                .body("code", contains("en", "fr", "de-CH"))
                .body("name", contains("English (en)", "French (fr)", "German (Switzerland) (de-CH)"))
                .body("isDefault", contains(true, false, false));
    }
}
