package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.quire.api.ErrorResponses;

/**
 * Oversized and over-nested bodies, bodies cut off by a client that hangs up, and cross-origin calls: each gets a clear
 * answer (or, for the client that left, no incident in the log) and changes nothing.
 */
@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    private String type(String token) {
        String singular = Api.uniqueName("blob");
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", singular + "s", "displayName", "Blob"),
                "attributes", Map.of("payload", Map.of("type", "json")))).post("/admin/content-types").then()
                .statusCode(201);
        return singular + "s";
    }

    @Test
    void bodiesOverTheLimitGet413WhetherTheirLengthIsDeclaredOrNot() throws Exception {
        String token = Api.login();
        String plural = type(token);
        String big = "{\"data\":{\"payload\":\"" + "x".repeat(1_100_000) + "\"}}";

        as(token).body(big).post("/api/" + plural).then().statusCode(413)
                .body("data", nullValue()).body("error.name", equalTo("PayloadTooLargeError"));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "api/" + plural)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"name\":\"PayloadTooLargeError\"");
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(0));
    }

    @Test
    void aClientThatHangsUpMidBodyIsNotLoggedAsAnIncidentAndWritesNothing() throws Exception {
        String token = Api.login();
        String plural = type(token);
        Logger logger = Logger.getLogger(ErrorResponses.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {

            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(handler);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            // what a load generator does when its run ends: a request's head and part of its body, then close. The
            // 100 Continue comes when the server starts reading the body, so the close finds it reading
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/" + plural + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            byte[] head = new byte[25];
            int read = socket.getInputStream().read(head);
            assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 100 Continue");
            socket.getOutputStream().write("{\"data\":{\"payload\":".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !records.isEmpty());
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        assertThat(records).allMatch(r -> r.getLevel().intValue() < Level.WARNING.intValue(), "below WARNING");
        assertThat(records.get(0).getMessage()).contains("client closed the connection");
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(0));
    }

    @Test
    void jsonNestedTooDeeplyIs400() {
        String token = Api.login();
        String plural = type(token);
        String deep = "{\"data\":{\"payload\":" + "[".repeat(70) + "]".repeat(70) + "}}";
        String fine = "{\"data\":{\"payload\":" + "[".repeat(50) + "]".repeat(50) + "}}";

        as(token).body(deep).post("/api/" + plural).then().statusCode(400)
                .body("error.message", equalTo("The request body is nested more than 64 levels deep"));
        as(token).body(fine).post("/api/" + plural).then().statusCode(201);
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(1));
    }

    @Test
    void onlyConfiguredOriginsMayCallFromABrowser() {
        given().header("Origin", "http://front.example").header("Access-Control-Request-Method", "GET")
                .options("/api/anything").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://front.example");
        String allowed = given().header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "GET").options("/api/anything").then().extract()
                .header("Access-Control-Allow-Origin");
        assertThat(allowed).isNull();
    }
}
