package dev.quire.deploy;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
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

    /**
     * {@code n} requests released together from {@code n} threads, so that as many as the server allows are in flight
     * at once; the responses in the order of their numbers, 1 to {@code n}.
     */
    static List<Response> atOnce(int n, IntFunction<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int number = i;
                calls.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return request.apply(number);
                }));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> call : calls) {
                responses.add(call.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each response's status and ETag, as "200 \"v3\"", to compare a whole set of concurrent answers at once. */
    static List<String> statusesAndEtags(List<Response> responses) {
        return responses.stream().map(r -> r.statusCode() + " " + r.header("ETag")).toList();
    }

    /** What {@link #statusesAndEtags} gives when {@code n} writes of one entry all succeeded, in some order. */
    static String[] versionsOneToN(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = "200 \"v" + (i + 1) + "\"";
        }
        return out;
    }
}
