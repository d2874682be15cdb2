package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.quire.security.SessionTokens;
import dev.quire.security.TokenHasher;
import dev.quire.storage.spi.ApiTokenStore.NewApiToken;
import dev.quire.storage.spi.Storage;

/** Each role and token type can do exactly what it should and nothing more. */
@QuarkusTest
class AccessControlTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Inject
    Storage storage;

    @Inject
    TokenHasher hasher;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "cms.storage.kind")
    String kind;

    @ConfigProperty(name = "cms.storage.sqlite.path")
    String sqlitePath;

    @ConfigProperty(name = "cms.storage.postgres.jdbc-url")
    String postgresUrl;

    @ConfigProperty(name = "cms.storage.postgres.username")
    String postgresUser;

    private String admin;
    private String singular;
    private String plural;
    private String single;
    private String documentId;

    @BeforeEach
    void setUp() {
        admin = Api.login();
        singular = Api.uniqueName("doc");
        plural = singular + "s";
        single = Api.uniqueName("home");
        as(admin).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "Doc"),
                "options", Map.of("draftAndPublish", true),
                "attributes", Map.of("title", Map.of("type", "string")))).post("/admin/content-types").then()
                .statusCode(201);
        as(admin).body(Map.of("kind", "singleType",
                "info", Map.of("singularName", single, "pluralName", single + "s", "displayName", "Home"),
                "options", Map.of("draftAndPublish", true),
                "attributes", Map.of("title", Map.of("type", "string")))).post("/admin/content-types").then()
                .statusCode(201);
        documentId = as(admin).body(Map.of("data", Map.of("title", "t"))).post("/api/" + plural).then()
                .statusCode(201).extract().path("data.documentId");
    }

    private String user(String role) {
        String email = Api.uniqueName("u") + "@quire.test";
        as(admin).body(Map.of("email", email, "password", "a-good-password", "role", role)).post("/admin/users")
                .then().statusCode(201).body("data.role", equalTo(role));
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "a-good-password"))
                .post("/admin/login").then().statusCode(200).extract().path("data.token");
    }

    private String apiToken(String type, Map<String, Object> permissions) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", Api.uniqueName("token"), "type", type));
        if (permissions != null) {
            body.put("permissions", permissions);
        }
        return as(admin).body(body).post("/admin/api-tokens").then().statusCode(201)
                .body("data.accessKey", notNullValue()).extract().path("data.accessKey");
    }

    /** Every admin route and every content write route. */
    private List<String[]> routes() {
        String doc = "/api/" + plural + "/" + documentId;
        return List.of(
                new String[]{"GET", "/admin/content-types"}, new String[]{"POST", "/admin/content-types"},
                new String[]{"GET", "/admin/content-types/" + singular},
                new String[]{"PUT", "/admin/content-types/" + singular},
                new String[]{"DELETE", "/admin/content-types/" + singular},
                new String[]{"GET", "/admin/users"}, new String[]{"POST", "/admin/users"},
                new String[]{"GET", "/admin/users/1"}, new String[]{"PUT", "/admin/users/1"},
                new String[]{"DELETE", "/admin/users/1"}, new String[]{"GET", "/admin/users/me"},
                new String[]{"GET", "/admin/roles"}, new String[]{"POST", "/admin/roles"},
                new String[]{"GET", "/admin/roles/editor"}, new String[]{"PUT", "/admin/roles/editor"},
                new String[]{"DELETE", "/admin/roles/editor"},
                new String[]{"GET", "/admin/api-tokens"}, new String[]{"POST", "/admin/api-tokens"},
                new String[]{"GET", "/admin/api-tokens/1"}, new String[]{"DELETE", "/admin/api-tokens/1"},
                new String[]{"POST", "/admin/api-tokens/1/regenerate"}, new String[]{"POST", "/admin/logout"},
                new String[]{"GET", "/admin/webhooks"}, new String[]{"POST", "/admin/webhooks"},
                new String[]{"GET", "/admin/webhooks/1"}, new String[]{"PUT", "/admin/webhooks/1"},
                new String[]{"DELETE", "/admin/webhooks/1"}, new String[]{"POST", "/admin/webhooks/1/rotate-secret"},
                new String[]{"POST", "/admin/webhooks/1/test"}, new String[]{"GET", "/admin/webhooks/1/deliveries"},
                new String[]{"GET", "/admin/webhooks/1/deliveries/1"},
                new String[]{"POST", "/admin/webhooks/1/deliveries/1/redeliver"},
                new String[]{"GET", "/admin/storage"}, new String[]{"POST", "/admin/storage/backup"},
                new String[]{"GET", "/admin/jobs"}, new String[]{"GET", "/admin/jobs/retention"},
                new String[]{"GET", "/admin/jobs/retention/runs"},
                new String[]{"POST", "/admin/jobs/retention/trigger"},
                new String[]{"GET", "/admin/content/" + plural + "/" + documentId},
                new String[]{"PUT", "/admin/content/" + plural + "/" + documentId + "/schedule"},
                new String[]{"DELETE", "/admin/content/" + plural + "/" + documentId + "/schedule"},
                new String[]{"POST", "/api/" + plural}, new String[]{"PUT", doc},
                new String[]{"DELETE", doc}, new String[]{"POST", doc + "/publish"},
                new String[]{"POST", doc + "/unpublish"}, new String[]{"PUT", "/api/" + single},
                new String[]{"DELETE", "/api/" + single}, new String[]{"POST", "/api/" + single + "/publish"});
    }

    private static Response call(String token, String[] route) {
        var request = given().contentType(ContentType.JSON).body("{\"data\":{\"title\":\"x\"}}");
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.request(route[0], route[1]);
    }

    @Test
    void everyRouteRefusesMissingForgedExpiredAndRevokedCredentials() {
        String expiredSession = SessionTokens.newToken();
        long adminId = storage.read(s -> s.accounts().findUserByEmail(Api.ADMIN_EMAIL)).orElseThrow().id();
        storage.write(s -> {
            s.accounts().createSession(hasher.hash(expiredSession), adminId, Instant.now().minusSeconds(60),
                    Instant.now().minusSeconds(1));
            return null;
        });
        String expiredToken = "qat_" + SessionTokens.newToken();
        storage.write(s -> s.apiTokens().create(new NewApiToken(Api.uniqueName("old"), "", "full-access",
                "{\"content\":{},\"admin\":[]}", hasher.hash(expiredToken), Instant.now().minusSeconds(60),
                Instant.now().minusSeconds(1))));
        String revoked = apiToken("full-access", null);
        long revokedId = storage.read(s -> s.apiTokens().findByHash(hasher.hash(revoked))).orElseThrow().id();
        as(admin).delete("/admin/api-tokens/" + revokedId).then().statusCode(204);

        for (String[] route : routes()) {
            for (String token : new String[]{null, "forged", "qat_forged", expiredSession, expiredToken, revoked}) {
                call(token, route).then().statusCode(401).body("error.name", equalTo("UnauthorizedError"));
            }
        }
    }

    @Test
    void credentialsWithoutThePermissionGet403() {
        String viewer = user("viewer");
        String readOnly = apiToken("read-only", null);
        String fullAccess = apiToken("full-access", null);
        for (String[] route : routes()) {
            boolean admin = route[1].startsWith("/admin");
            boolean own = route[1].equals("/admin/users/me") || route[1].equals("/admin/logout");
            boolean readsTypes = route[0].equals("GET") && route[1].startsWith("/admin/content-types");
            boolean readsEntry = route[0].equals("GET") && route[1].startsWith("/admin/content/");
            if (admin && !own && !readsTypes && !readsEntry || !admin) {
                call(viewer, route).then().statusCode(403).body("error.name", equalTo("ForbiddenError"));
            }
            if (!admin) {
                call(readOnly, route).then().statusCode(403);
            } else {
                call(fullAccess, route).then().statusCode(403);
            }
        }
        as(admin).get("/api/" + plural).then().statusCode(200).body("meta.pagination.total", equalTo(1));
    }

    @Test
    void builtInRolesDoWhatTheySay() {
        String editor = user("editor");
        String viewer = user("viewer");

        String id = as(editor).body(Map.of("data", Map.of("title", "by editor"))).post("/api/" + plural).then()
                .statusCode(201).extract().path("data.documentId");
        as(editor).post("/api/" + plural + "/" + id + "/unpublish").then().statusCode(200);
        as(editor).delete("/api/" + plural + "/" + id).then().statusCode(204);
        as(editor).get("/admin/content-types/" + singular).then().statusCode(200);
        as(editor).body(Map.of()).post("/admin/content-types").then().statusCode(403);
        as(editor).get("/admin/users").then().statusCode(403);

        as(viewer).get("/api/" + plural).then().statusCode(200);
        as(viewer).get("/api/" + plural + "/" + documentId).then().statusCode(200);
        as(viewer).body(Map.of("data", Map.of("title", "x"))).post("/api/" + plural).then().statusCode(403);
        as(viewer).get("/admin/users/me").then().statusCode(200).body("data.role", equalTo("viewer"));
    }

    /**
     * Another instance, a command-line tool or an operator's SQL ends a session, deletes an API token, deactivates a
     * user or changes a role, past this instance: the next requests see it. This instance keeps sessions, tokens and
     * role permissions in memory and hears of such changes through {@code LISTEN} on PostgreSQL, and on SQLite by
     * reading the counter that V10's triggers move four times a second; the wait covers that notice or read.
     */
    @Test
    void sessionsUsersAndRolesChangedElsewhereTakeEffect() throws Exception {
        String role = Api.uniqueName("reader");
        as(admin).body(Map.of("name", role, "permissions", Map.of("content", Map.of(singular, List.of("find")))))
                .post("/admin/roles").then().statusCode(201);
        String ended = user(role);
        String deactivated = user(role);
        String narrowed = user(role);
        String deleted = apiToken("read-only", null);
        for (String token : List.of(ended, deactivated, narrowed, deleted, ended, deactivated, narrowed, deleted)) {
            as(token).get("/api/" + plural).then().statusCode(200);
        }
        given().get("/api/" + plural).then().statusCode(401);

        elsewhere("DELETE FROM admin_session WHERE token_hash = ?", hasher.hash(ended));
        await().atMost(PATIENCE).until(() -> as(ended).get("/api/" + plural).statusCode() == 401);
        as(deactivated).get("/api/" + plural).then().statusCode(200);

        elsewhere("DELETE FROM api_token WHERE token_hash = ?", hasher.hash(deleted));
        await().atMost(PATIENCE).until(() -> as(deleted).get("/api/" + plural).statusCode() == 401);

        String email = as(deactivated).get("/admin/users/me").then().extract().path("data.email");
        elsewhere("UPDATE admin_user SET active = ? WHERE email = ?", false, email);
        await().atMost(PATIENCE).until(() -> as(deactivated).get("/api/" + plural).statusCode() == 401);

        Map<String, Object> before = as(admin).get("/admin/roles/public").then().statusCode(200).extract()
                .path("data.permissions");
        try {
            elsewhere("UPDATE role SET permissions = (SELECT permissions FROM role WHERE name = ?)"
                    + " WHERE name = 'public'", role);
            await().atMost(PATIENCE).until(() -> given().get("/api/" + plural).statusCode() == 200);
        } finally {
            as(admin).body(Map.of("permissions", before)).put("/admin/roles/public").then().statusCode(200);
        }
        given().get("/api/" + plural).then().statusCode(401);

        elsewhere("UPDATE role SET permissions = (SELECT permissions FROM role WHERE name = 'public')"
                + " WHERE name = ?", role);
        await().atMost(PATIENCE).until(() -> as(narrowed).get("/api/" + plural).statusCode() == 403);
    }

    /**
     * A session, an API token and the public role's permissions come from memory once read, on SQLite and on PostgreSQL
     * alike, and are read again after a change made through the API.
     */
    @Test
    void credentialsAreKeptInMemoryAndReadAgainAfterAChange() {
        String apiToken = apiToken("read-only", null);
        Map<String, Object> publicRole = as(admin).get("/admin/roles/public").then().statusCode(200).extract()
                .path("data.permissions");
        Map<String, Runnable> requests = Map.of(
                "session", () -> as(admin).get("/api/" + plural).then().statusCode(200),
                "api-token", () -> as(apiToken).get("/api/" + plural).then().statusCode(200),
                "role", () -> given().get("/api/" + plural).then().statusCode(401));
        requests.forEach((kind, request) -> {
            await().atMost(PATIENCE).until(() -> {
                double cached = lookups(kind, "cache");
                request.run();
                return lookups(kind, "cache") == cached + 1;
            });
            double cached = lookups(kind, "cache");
            double read = lookups(kind, "database");
            request.run();
            request.run();
            assertThat(lookups(kind, "cache")).isEqualTo(cached + 2);
            assertThat(lookups(kind, "database")).isEqualTo(read);
            as(admin).body(Map.of("permissions", publicRole)).put("/admin/roles/public").then().statusCode(200);
            read = lookups(kind, "database");
            request.run();
            assertThat(lookups(kind, "database")).isEqualTo(read + 1);
        });
    }

    private double lookups(String kind, String source) {
        return registry.get("quire.access.lookups").tags("kind", kind, "source", source).counter().count();
    }

    /** A connection of this test's own to the database this instance uses, as another process would have. */
    private void elsewhere(String sql, Object... parameters) throws SQLException {
        Properties properties = new Properties();
        String url = "jdbc:sqlite:" + sqlitePath;
        if (kind.equals("postgres")) {
            url = postgresUrl;
            properties.setProperty("user", postgresUser);
        }
        try (Connection c = DriverManager.getConnection(url, properties);
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aCustomRoleAllowsExactlyItsActions() {
        String role = Api.uniqueName("writer");
        as(admin).body(Map.of("name", role, "permissions", Map.of("content", Map.of(singular, List.of("find",
                "create", "publish"))))).post("/admin/roles").then().statusCode(201)
                .body("data.permissions.content." + singular, equalTo(List.of("find", "create", "publish")));
        String writer = user(role);

        as(writer).body(Map.of("data", Map.of("title", "mine"))).post("/api/" + plural).then().statusCode(201);
        as(writer).get("/api/" + plural).then().statusCode(200);
        as(writer).get("/api/" + plural + "/" + documentId).then().statusCode(403);
        as(writer).body(Map.of("data", Map.of("title", "x"))).put("/api/" + plural + "/" + documentId).then()
                .statusCode(403);
        as(writer).get("/api/" + single).then().statusCode(403);
        as(admin).body(Map.of("name", Api.uniqueName("bad"), "permissions", Map.of("content", Map.of(singular,
                List.of("fly")), "admin", List.of("everything")))).post("/admin/roles").then().statusCode(400);
        as(admin).put("/admin/roles/super-admin").then().statusCode(400);
        as(admin).delete("/admin/roles/editor").then().statusCode(409);
    }

    @Test
    void apiTokensAreShownOnceHashedTypedRegeneratedAndRevoked() {
        String readOnly = apiToken("read-only", null);
        as(readOnly).get("/api/" + plural).then().statusCode(200);
        as(readOnly).body(Map.of("data", Map.of("title", "x"))).post("/api/" + plural).then().statusCode(403);
        as(admin).get("/admin/api-tokens").then().statusCode(200).body("data[0]", not(hasKey("accessKey")));
        assertThat(storage.read(s -> s.apiTokens().list()).stream().map(t -> t.tokenHash())).doesNotContain(readOnly)
                .contains(hasher.hash(readOnly));

        String custom = apiToken("custom", Map.of("content", Map.of(singular, List.of("create"))));
        as(custom).body(Map.of("data", Map.of("title", "x"))).queryParam("status", "draft").post("/api/" + plural)
                .then().statusCode(201);
        as(custom).get("/api/" + plural).then().statusCode(403);

        long id = storage.read(s -> s.apiTokens().findByHash(hasher.hash(custom))).orElseThrow().id();
        assertThat(storage.read(s -> s.apiTokens().find(id)).orElseThrow().lastUsedAt()).isNotNull();
        String regenerated = as(admin).post("/admin/api-tokens/" + id + "/regenerate").then().statusCode(200)
                .extract().path("data.accessKey");
        as(custom).body(Map.of("data", Map.of("title", "x"))).queryParam("status", "draft").post("/api/" + plural)
                .then().statusCode(401);
        as(regenerated).body(Map.of("data", Map.of("title", "x"))).queryParam("status", "draft")
                .post("/api/" + plural).then().statusCode(201);
        as(admin).delete("/admin/api-tokens/" + id).then().statusCode(204);
        as(regenerated).body(Map.of("data", Map.of("title", "x"))).post("/api/" + plural).then().statusCode(401);

        as(admin).body(Map.of("name", "x", "type", "root")).post("/admin/api-tokens").then().statusCode(400);
        as(admin).body(Map.of("name", "x", "type", "read-only", "lifespan", 5)).post("/admin/api-tokens").then()
                .statusCode(400);
        as(admin).body(Map.of("name", Api.uniqueName("t"), "type", "read-only", "lifespan", 7))
                .post("/admin/api-tokens").then().statusCode(201).body("data.expiresAt", notNullValue());
    }

    @Test
    void thePublicRoleOpensOnlyWhatItIsGranted() {
        given().get("/api/" + plural).then().statusCode(401);
        Map<String, Object> before = as(admin).get("/admin/roles/public").then().statusCode(200).extract()
                .path("data.permissions");
        try {
            as(admin).body(Map.of("permissions", Map.of("content", Map.of(plural.substring(0, plural.length() - 1),
                    List.of("find", "findOne"))))).put("/admin/roles/public").then().statusCode(200);
            given().get("/api/" + plural).then().statusCode(200).body("meta.pagination.total", equalTo(1));
            given().get("/api/" + plural + "/" + documentId).then().statusCode(200);
            given().contentType(ContentType.JSON).body(Map.of("data", Map.of("title", "anon")))
                    .post("/api/" + plural).then().statusCode(401);
        } finally {
            as(admin).body(Map.of("permissions", before)).put("/admin/roles/public").then().statusCode(200);
        }
        given().get("/api/" + plural).then().statusCode(401);
    }

    @Test
    void usersAreManagedSafely() {
        String email = Api.uniqueName("new") + "@quire.test";
        as(admin).body(Map.of("email", email, "password", "short", "role", "editor")).post("/admin/users").then()
                .statusCode(400);
        as(admin).body(Map.of("email", email, "password", "long-enough-pw", "role", "nobody")).post("/admin/users")
                .then().statusCode(400);
        as(admin).body(Map.of("email", "not-an-email", "password", "long-enough-pw", "role", "editor"))
                .post("/admin/users").then().statusCode(400);
        int id = as(admin).body(Map.of("email", email, "password", "long-enough-pw", "role", "editor"))
                .post("/admin/users").then().statusCode(201).extract().path("data.id");
        as(admin).body(Map.of("email", email, "password", "long-enough-pw", "role", "editor"))
                .post("/admin/users").then().statusCode(409);
        String token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password",
                "long-enough-pw")).post("/admin/login").then().statusCode(200).extract().path("data.token");

        as(admin).body(Map.of("isActive", false)).put("/admin/users/" + id).then().statusCode(200)
                .body("data.isActive", equalTo(false));
        as(token).get("/admin/users/me").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "long-enough-pw"))
                .post("/admin/login").then().statusCode(401);
        long me = storage.read(s -> s.accounts().findUserByEmail(Api.ADMIN_EMAIL)).orElseThrow().id();
        as(admin).delete("/admin/users/" + me).then().statusCode(409);
        as(admin).delete("/admin/users/" + id).then().statusCode(204);
        as(admin).get("/admin/users/" + id).then().statusCode(404);
    }
}
