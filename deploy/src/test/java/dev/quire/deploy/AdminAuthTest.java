package dev.quire.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Admin login, bearer tokens and logout. */
@QuarkusTest
class AdminAuthTest {

    @Test
    void loginReturnsATokenAndTheUser() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", Api.ADMIN_EMAIL.toUpperCase(), "password", Api.ADMIN_PASSWORD))
                .post("/admin/login").then().statusCode(200)
                .body("data.token", notNullValue())
                .body("data.user.email", equalTo(Api.ADMIN_EMAIL))
                .body("data.user.role", equalTo("super-admin"))
                .body("data.user", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("passwordHash")));
    }

    @Test
    void wrongCredentialsAre401WithTheSameMessage() {
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("email", Api.ADMIN_EMAIL, "password", "wrong-password")).post("/admin/login").then()
                .statusCode(401).extract().path("error.message");
        String unknownUser = given().contentType(ContentType.JSON)
                .body(Map.of("email", "nobody@quire.test", "password", "wrong-password")).post("/admin/login").then()
                .statusCode(401).extract().path("error.message");
        org.assertj.core.api.Assertions.assertThat(unknownUser).isEqualTo(wrongPassword);
        given().contentType(ContentType.JSON).body(Map.of("email", 3)).post("/admin/login").then().statusCode(400);
    }

    @Test
    void repeatedFailedLoginsForAnAccountAreSlowedDown() {
        String email = Api.uniqueName("target") + "@quire.test";
        Api.as(Api.login()).body(Map.of("email", email, "password", "the-right-password", "role", "viewer"))
                .post("/admin/users").then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-" + i))
                    .post("/admin/login").then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-again"))
                .post("/admin/login").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "the-right-password"))
                .post("/admin/login").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("error.name", equalTo("RateLimitError"));
        Api.login();
    }

    @Test
    void everyAdminRouteButLoginNeedsAValidToken() {
        for (String path : new String[]{"/admin/content-types", "/admin/users/me", "/admin/content-types/x"}) {
            given().get(path).then().statusCode(401).body("error.name", equalTo("UnauthorizedError"))
                    .body("data", org.hamcrest.Matchers.nullValue());
            given().header("Authorization", "Bearer not-a-token").get(path).then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body("{}").post("/admin/content-types").then().statusCode(401);
        given().post("/admin/logout").then().statusCode(401);
        for (String path : new String[]{"//admin/content-types", "/%61dmin/content-types", "/api/../admin/users/me",
                "/admin/content-types/", "/something-new", "/"}) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(401);
        }
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void logoutRevokesTheToken() {
        String token = Api.login();
        Api.as(token).get("/admin/users/me").then().statusCode(200).body("data.email", equalTo(Api.ADMIN_EMAIL));

        Api.as(token).post("/admin/logout").then().statusCode(204);
        Api.as(token).get("/admin/users/me").then().statusCode(401);
    }

    @Test
    void healthReallyTouchesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'storage' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'storage' }.data.kind", equalTo("sqlite"));
    }
}
