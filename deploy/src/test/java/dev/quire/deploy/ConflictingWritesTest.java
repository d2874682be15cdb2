package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.Storage;

/**
 * Requests that conflict, at once, on a few documents: creates, edits in two locales, publications, unpublications,
 * deletions, schedules that fall due during the load, relations to tags that are deleted meanwhile. Each answers as it
 * would alone, before or after the others (2xx, or the 4xx of what it found), never with a 5xx; afterwards no document
 * has a published version without its draft, and every schedule has been applied. Bounded by a count of requests.
 */
@QuarkusTest
class ConflictingWritesTest {

    private static final int REQUESTS = 3000;
    private static final int THREADS = 12;

    @Inject
    Storage storage;

    private final List<String> docs = new CopyOnWriteArrayList<>();
    private final List<String> tags = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Integer>> allowed = Map.of(
            "create", Set.of(201, 400),
            "put", Set.of(200, 400, 404),
            "publish", Set.of(200, 404),
            "unpublish", Set.of(200, 404),
            "delete", Set.of(204, 404),
            "schedule", Set.of(200, 404),
            "unschedule", Set.of(204, 404),
            "retag", Set.of(204, 404),
            "read", Set.of(200, 404));

    @Test
    void conflictingRequestsAnswerAsTheyWouldOneAfterAnotherAndNeverWith5xx() throws Exception {
        String token = Api.login();
        String tag = Api.uniqueName("tag");
        String article = Api.uniqueName("art");
        type(token, tag, Map.of("label", Map.of("type", "string")), false);
        type(token, article, Map.of("title", Map.of("type", "string", "required", true),
                "slug", Map.of("type", "uid", "targetField", "title"),
                "views", Map.of("type", "integer"),
                "tags", Map.of("type", "relation", "relation", "manyToMany", "target", tag)), true);
        for (int i = 0; i < 6; i++) {
            tags.add(create(token, tag + "s", Map.of("label", "t" + i)));
        }
        for (int i = 0; i < 8; i++) {
            docs.add(create(token, article + "s", Map.of("title", "a" + i, "tags", tags.subList(0, 2))));
        }

        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger left = new AtomicInteger(REQUESTS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        String[] kind = new String[1];
                        Response r = request(token, tag + "s", article + "s", kind);
                        statuses.merge(kind[0] + " " + r.statusCode(), 1, Integer::sum);
                        if (!allowed.get(kind[0]).contains(r.statusCode())) {
                            failures.add(kind[0] + " " + r.statusCode() + " " + r.asString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("conflicting writes: " + new TreeMap<>(statuses));
        assertThat(failures).isEmpty();
        assertThat(statuses.keySet()).contains("put 200", "publish 200", "unpublish 200", "delete 204",
                "schedule 200", "retag 204");

        long typeId = storage.read(s -> s.contentTypes().findByName(article + "s")).orElseThrow().id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> storage.read(s -> s.schedules().due(Instant.now().plusSeconds(60), 10)).stream()
                        .noneMatch(d -> d.contentTypeId() == typeId));
        for (String doc : docs) {
            List<EntryRecord> versions = storage.read(s -> s.entries().versions(typeId, doc));
            for (EntryRecord published : versions.stream().filter(v -> v.status() == EntryStatus.PUBLISHED)
                    .toList()) {
                assertThat(versions).as("the draft of %s in %s", doc, published.locale())
                        .anyMatch(v -> v.status() == EntryStatus.DRAFT && v.locale().equals(published.locale()));
            }
        }
    }

    private Response request(String token, String tagPath, String path, String[] kind) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String doc = docs.get(random.nextInt(docs.size()));
        String locale = random.nextBoolean() ? "en" : "fr";
        List<String> known = List.copyOf(tags);
        List<String> twoTags = List.of(known.get(random.nextInt(known.size())),
                known.get(random.nextInt(known.size())));
        switch (random.nextInt(10)) {
            case 0 -> {
                kind[0] = "create";
                Response r = as(token).queryParam("locale", locale)
                        .body(Map.of("data", Map.of("title", "n" + random.nextLong(), "tags", twoTags)))
                        .post("/api/" + path);
                if (r.statusCode() == 201) {
                    docs.add(r.path("data.documentId"));
                }
                return r;
            }
            case 1, 2 -> {
                kind[0] = "put";
                return as(token).queryParam("locale", locale).queryParam("status", random.nextBoolean()
                        ? "draft"
                        : "published").body(Map.of("data",
                                Map.of("title", "p" + random.nextLong(), "views",
                                        random.nextInt(100), "tags", twoTags)))
                        .put("/api/" + path + "/" + doc);
            }
            case 3 -> {
                kind[0] = "publish";
                return as(token).queryParam("locale", locale).post("/api/" + path + "/" + doc + "/publish");
            }
            case 4 -> {
                kind[0] = "unpublish";
                return as(token).queryParam("locale", locale).post("/api/" + path + "/" + doc + "/unpublish");
            }
            case 5 -> {
                kind[0] = "delete";
                return as(token).queryParam("locale", locale).delete("/api/" + path + "/" + doc);
            }
            case 6 -> {
                kind[0] = "schedule";
                Instant at = Instant.now().plusMillis(random.nextInt(200, 1500));
                return as(token).queryParam("locale", locale).body(Map.of("publishAt", at.toString(), "unpublishAt",
                        at.plusMillis(500).toString())).put("/admin/content/" + path + "/" + doc + "/schedule");
            }
            case 7 -> {
                kind[0] = "unschedule";
                return as(token).queryParam("locale", locale).delete("/admin/content/" + path + "/" + doc
                        + "/schedule");
            }
            case 8 -> {
                kind[0] = "retag";
                String gone = twoTags.get(0);
                Response r = as(token).delete("/api/" + tagPath + "/" + gone);
                if (r.statusCode() == 204) {
                    tags.add(create(token, tagPath, Map.of("label", "re")));
                    tags.remove(gone);
                }
                return r;
            }
            default -> {
                kind[0] = "read";
                return as(token).queryParam("locale", locale).queryParam("populate", "*")
                        .get("/api/" + path + "/" + doc);
            }
        }
    }

    private static void type(String token, String name, Map<String, Object> attributes, boolean draftAndPublish) {
        Map<String, Object> schema = new java.util.HashMap<>(Map.of("kind", "collectionType",
                "info", Map.of("singularName", name, "pluralName", name + "s", "displayName", name),
                "attributes", attributes));
        if (draftAndPublish) {
            schema.put("options", Map.of("draftAndPublish", true));
            schema.put("pluginOptions", Map.of("i18n", Map.of("localized", true)));
        }
        as(token).body(schema).post("/admin/content-types").then().statusCode(201);
    }

    private static String create(String token, String path, Map<String, Object> data) {
        return as(token).body(Map.of("data", data)).post("/api/" + path).then().statusCode(201).extract()
                .path("data.documentId");
    }
}
