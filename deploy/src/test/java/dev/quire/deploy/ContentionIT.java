package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;

/**
 * The contention suite on SQLite: content API writers and readers, admin edits, a one-second job and webhook dispatch
 * to a live receiver, all at once against the packaged application. No request may get a 5xx, no {@code SQLITE_BUSY}
 * may reach a client or the log, the WAL file stays bounded by {@code journal_size_limit}, the job runs once for every
 * second of the load and succeeds, even across a 4 s pause of the whole process halfway (the scheduler passes over the
 * ticks of the pause, and the job runner runs them with the next one), and every webhook is delivered.
 * {@code quire.contention.seconds} long (15 by default; the full form is 60).
 */
class ContentionIT {

    private static final String EMAIL = "ops@example.com";
    private static final String PASSWORD = "a-long-prod-password";
    private static final Pattern DOCUMENT_ID = Pattern.compile("\"documentId\":\"([a-z0-9]+)\"");
    private static final long JOURNAL_SIZE_LIMIT = 67_108_864;

    @TempDir
    Path workDir;

    @Test
    void apiAdminJobsAndWebhooksShareSqliteWithoutErrors() throws Exception {
        int seconds = Integer.getInteger("quire.contention.seconds", 15);
        try (Receiver receiver = Receiver.start();
                QuireProcess app = QuireProcess.start(workDir, Map.of("CMS_ADMIN_EMAIL", EMAIL, "CMS_ADMIN_PASSWORD",
                        PASSWORD, "CMS_JOBS_SCHEDULED_PUBLISHING_CRON", "* * * * * ?"), "-Dquarkus.profile=dev")) {
            app.awaitReady();
            String token = app.login(EMAIL, PASSWORD);
            app.as(token).body(Map.of("kind", "collectionType",
                    "info", Map.of("singularName", "article", "pluralName", "articles", "displayName", "Article"),
                    "options", Map.of("draftAndPublish", true),
                    "attributes", Map.of("title", Map.of("type", "string", "index", true),
                            "views", Map.of("type", "integer"))))
                    .post("/admin/content-types").then().statusCode(201);
            long webhook = app.as(token).body(Map.of("name", "live", "url", receiver.url("/live"), "events",
                    List.of("entry.create", "entry.update", "entry.publish", "entry.unpublish")))
                    .post("/admin/webhooks").then().statusCode(201).extract().jsonPath().getLong("data.id");
            Instant from = Instant.now();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            List<String> documents = new java.util.concurrent.CopyOnWriteArrayList<>();
            Set<String> errors = ConcurrentHashMap.newKeySet();
            AtomicLong maxWal = new AtomicLong();
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(18);
            Runnable writer = () -> {
                while (System.nanoTime() < until) {
                    HttpResponse<String> created = call(http, app, token, "POST", "/api/articles?status=draft",
                            "{\"data\":{\"title\":\"t" + ThreadLocalRandom.current().nextInt(1000) + "\",\"views\":1}}",
                            statuses, errors);
                    Matcher m = created == null ? null : DOCUMENT_ID.matcher(created.body());
                    if (m != null && m.find()) {
                        documents.add(m.group(1));
                        call(http, app, token, "PUT", "/api/articles/" + m.group(1) + "?status=draft",
                                "{\"data\":{\"views\":2}}", statuses, errors);
                    }
                }
            };
            Runnable reader = () -> {
                while (System.nanoTime() < until) {
                    call(http, app, token, "GET", "/api/articles?status=draft&sort=title:desc&filters[views][$gte]=1"
                            + "&pagination[pageSize]=25", null, statuses, errors);
                }
            };
            Runnable admin = () -> {
                int i = 0;
                while (System.nanoTime() < until) {
                    call(http, app, token, "PUT", "/admin/webhooks/" + webhook, "{\"headers\":{\"X-Edit\":\"" + i++
                            + "\"}}", statuses, errors);
                    if (!documents.isEmpty()) {
                        String doc = documents.get(ThreadLocalRandom.current().nextInt(documents.size()));
                        Instant at = Instant.now().plusMillis(500);
                        call(http, app, token, "PUT", "/admin/content/articles/" + doc + "/schedule",
                                "{\"publishAt\":\""
                                        + at + "\",\"unpublishAt\":\"" + at.plusSeconds(1) + "\"}",
                                statuses, errors);
                    }
                    sleep(100);
                }
            };
            Runnable walWatcher = () -> {
                Path wal = workDir.resolve("data/quire.db-wal");
                while (System.nanoTime() < until) {
                    try {
                        maxWal.accumulateAndGet(Files.exists(wal) ? Files.size(wal) : 0, Math::max);
                    } catch (java.io.IOException ignored) {
                        // the WAL may be truncated between the check and the read
                    }
                    sleep(100);
                }
            };
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(pool.submit(writer));
                tasks.add(pool.submit(reader));
            }
            tasks.add(pool.submit(admin));
            tasks.add(pool.submit(walWatcher));
            tasks.add(pool.submit(() -> {
                // halfway, the process stops for 4 s, as in a long pause or on a starved CPU: the scheduler's next
                // check comes four ticks late and fires only the latest; the job runner must run the three before it
                sleep(seconds * 500L);
                app.stopFor(Duration.ofSeconds(4));
                return null;
            }));
            for (var task : tasks) {
                task.get();
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            Instant to = Instant.now();

            long pendingAtEnd = total(app, token, webhook, "pending");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> total(app, token,
                    webhook, "pending") == 0);
            Duration drained = Duration.between(to, Instant.now());
            // the publishing job goes on creating deliveries after the load: wait for a moment when every delivery
            // recorded as sent has been received and nothing more has been received, rather than read the two apart
            long[] seen = new long[2];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                seen[0] = total(app, token, webhook, "succeeded");
                seen[1] = received(receiver);
                return seen[0] == seen[1] && total(app, token, webhook, "pending") == 0;
            });
            long delivered = seen[0];
            long received = seen[1];
            long failed = total(app, token, webhook, "failed");
            JsonPath runs = app.as(token).queryParam("pagination[pageSize]", 100)
                    .get("/admin/jobs/scheduled-publishing/runs").jsonPath();
            List<String> runStatuses = runs.<Map<String, Object>>getList("data").stream()
                    .filter(r -> !Instant.parse((String) r.get("scheduledAt")).isBefore(from)
                            && Instant.parse((String) r.get("scheduledAt")).isBefore(to))
                    .map(r -> (String) r.get("status")).toList();
            String log = app.output();

            System.out.printf(
                    "Contention suite (SQLite, %d s): statuses %s, transport errors %s, %d job runs, %d webhook"
                            + " deliveries (%d received, %d failed; %d pending when the load stopped, drained in"
                            + " %d ms), max WAL %d bytes%n",
                    seconds, statuses, errors, runStatuses.size(), delivered, received, failed, pendingAtEnd,
                    drained.toMillis(), maxWal.get());
            assertThat(errors).isEmpty();
            assertThat(statuses.keySet()).allSatisfy(s -> assertThat(s).isLessThan(500));
            assertThat(statuses.getOrDefault(201, new LongAdder()).sum()).isPositive();
            assertThat(log).doesNotContainIgnoringCase("SQLITE_BUSY").doesNotContainIgnoringCase("database is locked");
            assertThat(maxWal.get()).isLessThanOrEqualTo(JOURNAL_SIZE_LIMIT);
            String jobLog = log.lines().filter(l -> l.contains("Job scheduled-publishing"))
                    .collect(Collectors.joining("\n"));
            assertThat(runStatuses).as("runs of the one-second job between %s and %s; its log:%n%s", from, to, jobLog)
                    .hasSizeGreaterThanOrEqualTo(ticksBetween(from, to) - 1).containsOnly("succeeded");
            assertThat(failed).isZero();
            assertThat(received).isEqualTo(delivered);
            assertThat(delivered).isGreaterThanOrEqualTo(documents.size() * 2L);
        }
    }

    private static long received(Receiver receiver) {
        return receiver.received("/live").stream().map(Receiver.Request::webhookId).distinct().count();
    }

    /** The whole seconds from {@code from} (inclusive) to {@code to} (exclusive). */
    private static int ticksBetween(Instant from, Instant to) {
        Instant tick = from.truncatedTo(ChronoUnit.SECONDS);
        if (tick.isBefore(from)) {
            tick = tick.plusSeconds(1);
        }
        int ticks = 0;
        for (; tick.isBefore(to); tick = tick.plusSeconds(1)) {
            ticks++;
        }
        return ticks;
    }

    private static long total(QuireProcess app, String token, long webhook, String status) {
        return app.as(token).queryParam("status", status).get("/admin/webhooks/" + webhook + "/deliveries").jsonPath()
                .getLong("meta.pagination.total");
    }

    private static HttpResponse<String> call(HttpClient http, QuireProcess app, String token, String method,
            String path, String body, Map<Integer, LongAdder> statuses, Set<String> errors) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri() + path.replace("[", "%5B")
                    .replace("]", "%5D"))).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
            if (response.statusCode() >= 500) {
                errors.add(method + " " + path + " -> " + response.statusCode() + " " + response.body());
            }
            return response;
        } catch (Exception e) {
            errors.add(method + " " + path + " -> " + e);
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
