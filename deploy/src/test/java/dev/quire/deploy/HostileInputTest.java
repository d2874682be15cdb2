package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
import dev.quire.api.SmallBodies;

/**
 * Oversized and over-nested bodies, bodies cut off by a client that hangs up, bodies that arrive in pieces, and
 * cross-origin calls: each gets a clear answer (or, for the client that left, no incident in the log) and changes
 * nothing it should not.
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
        try (LogCapture log = new LogCapture(ErrorResponses.class);
                Socket socket = new Socket(base.getHost(), base.getPort())) {
            // what a load generator does when its run ends: a request's head and part of its body, then close. The
            // 100 Continue comes when the server starts reading the body, so the close finds it reading
            socket.setSoTimeout(10_000);
            send(socket, head("/api/" + plural, token, 1000) + "Expect: 100-continue\r\n\r\n");
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 100 Continue");
            send(socket, "{\"data\":{\"payload\":");
            socket.close();
            log.awaitMessage("client closed the connection");
        }
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(0));
    }

    @Test
    void aClientThatHangsUpMidSmallBodyIsNotLoggedAsAnIncidentAndWritesNothing() throws Exception {
        String token = Api.login();
        String plural = type(token);
        try (LogCapture log = new LogCapture(SmallBodies.class);
                Socket socket = new Socket(base.getHost(), base.getPort())) {
            send(socket, head("/api/" + plural, token, 100) + "\r\n{\"data\":{\"payload\":");
            socket.close();
            log.awaitMessage("client closed the connection before its request body arrived");
        }
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(0));
    }

    @Test
    void aSmallBodyIsReadWholeBeforeAnythingElseAndALargeOneOnlyAfterAuthentication() throws Exception {
        String token = Api.login();
        String plural = type(token);
        String body = "{\"data\":{\"payload\":\"in two pieces\"}}";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            send(socket, head("/api/" + plural, token, body.length()) + "\r\n" + body.substring(0, 12));
            assertNoAnswerYet(socket);
            send(socket, body.substring(12));
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 201 Created");
        }
        as(token).get("/api/" + plural).then().body("data[0].payload", equalTo("in two pieces"));

        // read ahead on the I/O thread: a request without credentials is answered once its small body has arrived
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            send(socket, head("/admin/content-types", null, body.length()) + "\r\n" + body.substring(0, 12));
            assertNoAnswerYet(socket);
            send(socket, body.substring(12));
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
        // a larger one is refused before a byte of it is sent
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            send(socket, head("/admin/content-types", null, SmallBodies.LIMIT + 1) + "\r\n");
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    @Test
    void smallBodiesOverHttp2AreReadAsBefore() throws Exception {
        String token = Api.login();
        String plural = type(token);
        // java.net.http asks for HTTP/2 and upgrades a plain connection to it (h2c) on its first request
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> created = http2.send(HttpRequest.newBuilder(URI.create(base + "api/" + plural))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"payload\":" + i + "}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
        as(token).get("/api/" + plural).then().body("meta.pagination.total", equalTo(3));
    }

    private static String head(String path, String token, int length) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static void assertNoAnswerYet(Socket socket) throws IOException {
        socket.setSoTimeout(300);
        assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        socket.setSoTimeout(10_000);
    }

    private static String statusLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = socket.getInputStream().read(); b >= 0 && b != '\r'; b = socket.getInputStream().read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** Records what one class logs, at every level, while open. */
    private static final class LogCapture extends Handler implements AutoCloseable {

        private final Logger logger;
        private final Level level;
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        LogCapture(Class<?> source) {
            logger = Logger.getLogger(source.getName());
            level = logger.getLevel();
            logger.setLevel(Level.FINE);
            logger.addHandler(this);
        }

        /** Waits for the first record, which must contain {@code text}; none may be a warning or worse. */
        void awaitMessage(String text) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !records.isEmpty());
            assertThat(records).allMatch(r -> r.getLevel().intValue() < Level.WARNING.intValue(), "below WARNING");
            assertThat(records.get(0).getMessage()).contains(text);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(level);
        }
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
