package dev.quire.deploy;

import static dev.quire.deploy.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.ScheduleStore.EntrySchedule;
import dev.quire.storage.spi.Storage;

/**
 * The job runner through the admin API: the job list, scheduled publishing end to end (with its webhook events), manual
 * triggers, a run abandoned by a dead instance taken over, SQLite backups, and jobs that keep running while the content
 * API is under write load.
 */
@QuarkusTest
class JobsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Storage storage;

    @Inject
    dev.quire.admin.Retention retention;

    private Receiver receiver;
    String token;
    String plural;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.start();
        token = Api.login();
        String singular = Api.uniqueName("sched");
        plural = singular + "s";
        as(token).body(Map.of("kind", "collectionType",
                "info", Map.of("singularName", singular, "pluralName", plural, "displayName", "S"),
                "options", Map.of("draftAndPublish", true),
                "attributes", Map.of("title", Map.of("type", "string"))))
                .post("/admin/content-types").then().statusCode(201);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    String draft(String title) {
        return as(token).queryParam("status", "draft").body(Map.of("data", Map.of("title", title)))
                .post("/api/" + plural).then().statusCode(201).extract().path("data.documentId");
    }

    private JsonPath runs(String job) {
        return as(token).queryParam("pagination[pageSize]", 100).get("/admin/jobs/" + job + "/runs").then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void jobsAreListedWithTheirScheduleAndLastRun() {
        await().atMost(WAIT).until(() -> runs("scheduled-publishing").getInt("meta.pagination.total") > 0);
        JsonPath jobs = as(token).get("/admin/jobs").then().statusCode(200)
                .body("data.name", hasItems("scheduled-publishing", "retention", "backup")).extract().jsonPath();
        assertThat(jobs.getString("data.find { it.name == 'scheduled-publishing' }.cron")).isEqualTo("* * * * * ?");
        assertThat(jobs.getString("data.find { it.name == 'scheduled-publishing' }.timeZone")).isEqualTo("UTC");
        assertThat(jobs.getBoolean("data.find { it.name == 'scheduled-publishing' }.enabled")).isTrue();
        assertThat(jobs.getString("data.find { it.name == 'scheduled-publishing' }.nextRunAt")).isNotNull();
        assertThat(jobs.getString("data.find { it.name == 'scheduled-publishing' }.lastRun.status")).isIn("running",
                "succeeded");
        assertThat(jobs.getBoolean("data.find { it.name == 'backup' }.enabled"))
                .isEqualTo(storage.capabilities().supportsFileBackup());
        as(token).get("/admin/jobs/nosuchjob/runs").then().statusCode(404);
        as(token).post("/admin/jobs/nosuchjob/trigger").then().statusCode(404);
    }

    @Test
    void scheduledPublishAndUnpublishHappenOnceEachWithTheirWebhookEvents() {
        long hook = as(token).body(Map.of("name", Api.uniqueName("sched"), "url", receiver.url("/sched"), "events",
                List.of("entry.publish", "entry.unpublish"))).post("/admin/webhooks").then().statusCode(201)
                .extract().jsonPath().getLong("data.id");
        try {
            String id = draft("later");
            Instant publishAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
            Instant unpublishAt = publishAt.plusSeconds(3);
            as(token).body(Map.of("publishAt", publishAt.toString(), "unpublishAt", unpublishAt.toString()))
                    .put("/admin/content/" + plural + "/" + id + "/schedule").then().statusCode(200)
                    .body("data.publishAt", equalTo(publishAt.toString()));
            as(token).get("/admin/content/" + plural + "/" + id).then().statusCode(200)
                    .body("data.schedule.unpublishAt", equalTo(unpublishAt.toString()))
                    .body("data.draft.title", equalTo("later")).body("data.published", nullValue());
            as(token).get("/api/" + plural + "/" + id).then().statusCode(404);

            await().atMost(WAIT).until(() -> as(token).get("/api/" + plural + "/" + id).statusCode() == 200);
            assertThat(Instant.now()).isAfterOrEqualTo(publishAt);
            await().atMost(WAIT).until(() -> as(token).get("/api/" + plural + "/" + id).statusCode() == 404);
            assertThat(Instant.now()).isAfterOrEqualTo(unpublishAt);
            await().atMost(WAIT).until(() -> receiver.received("/sched").size() >= 2);
            as(token).get("/admin/content/" + plural + "/" + id).then().statusCode(200)
                    .body("data.schedule", nullValue()).body("data.draft.title", equalTo("later"));
            assertThat(receiver.received("/sched").stream().map(r -> r.json().get("event").asText()))
                    .containsExactly("entry.publish", "entry.unpublish");
            assertThat(receiver.received("/sched").get(0).json().at("/entry/documentId").asText()).isEqualTo(id);
        } finally {
            as(token).delete("/admin/webhooks/" + hook);
        }
    }

    @Test
    void schedulesAreValidatedAndCanBeCleared() {
        String id = draft("x");
        String path = "/admin/content/" + plural + "/" + id + "/schedule";
        as(token).body(Map.of("publishAt", "tomorrow")).put(path).then().statusCode(400)
                .body("error.name", equalTo("ValidationError"));
        as(token).body(Map.of("publishAt", "2030-01-01T10:00:00")).put(path).then().statusCode(400);
        as(token).body(Map.of("publishAt", 12)).put(path).then().statusCode(400);
        as(token).body(Map.of()).put(path).then().statusCode(400);
        as(token).body(Map.of("publishAt", "2030-01-02T10:00:00Z", "unpublishAt", "2030-01-01T10:00:00Z")).put(path)
                .then().statusCode(400);
        as(token).body(Map.of("publishAt", "2030-01-01T10:00:00Z", "when", "now")).put(path).then().statusCode(400);
        as(token).body(Map.of("publishAt", "2030-01-01T10:00:00Z")).put("/admin/content/" + plural
                + "/nosuchdocument0000000000/schedule").then().statusCode(404);
        as(token).delete(path).then().statusCode(404);

        as(token).body(Map.of("publishAt", "2030-01-01T10:00:00+02:00")).put(path).then().statusCode(200)
                .body("data.publishAt", equalTo("2030-01-01T08:00:00Z")).body("data.unpublishAt", nullValue());
        as(token).delete(path).then().statusCode(204);
        as(token).get("/admin/content/" + plural + "/" + id).then().body("data.schedule", nullValue());
        as(token).delete("/api/" + plural + "/" + id).then().statusCode(204);
        as(token).get("/admin/content/" + plural + "/" + id).then().statusCode(404);
    }

    /**
     * A schedule set while the document's deletion is under way waits for it and finds no draft: 404. On PostgreSQL the
     * schedule had read the draft without a lock and its insert then failed on the gone document's key, a 500.
     */
    @Test
    void aScheduleSetWhileItsDocumentIsDeletedIsNotFound() throws Exception {
        String id = draft("going");
        long typeId = storage.read(s -> s.contentTypes().findByName(plural)).orElseThrow().id();
        try (HeldWrite<Integer> deletion = HeldWrite.hold(storage, s -> {
            s.entries().lock(new EntryKey(typeId, id, "en", EntryStatus.DRAFT)).orElseThrow();
            return s.entries().delete(typeId, id, "en");
        })) {
            Future<Response> schedule = deletion.behind(() -> as(token)
                    .body(Map.of("publishAt", "2030-01-01T10:00:00Z"))
                    .put("/admin/content/" + plural + "/" + id + "/schedule"));

            assertThat(deletion.release()).isEqualTo(1);
            Response answer = schedule.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.<String>path("error.name")).isEqualTo("NotFoundError");
        }
        Optional<EntrySchedule> left = storage.read(s -> s.schedules().find(typeId, id, "en"));
        assertThat(left).isEmpty();
    }

    @Test
    void aTriggeredRunIsRecordedWithItsSummary() {
        long id = as(token).post("/admin/jobs/retention/trigger").then().statusCode(202)
                .body("data.trigger", equalTo("manual")).body("data.status", equalTo("running")).extract().jsonPath()
                .getLong("data.id");
        await().atMost(WAIT).until(() -> runs("retention").getList("data.findAll { it.id == " + id
                + " && it.status == 'succeeded' }").size() == 1);
        assertThat(runs("retention").getString("data.find { it.id == " + id + " }.summary")).startsWith("deleted ");
    }

    @Test
    void aRunWhoseInstanceDiedIsTakenOverAfterItsLeaseExpires() {
        Instant tick = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        long id = storage.write(s -> s.jobs().start("retention", tick, "schedule", "dead-host/1", tick,
                Instant.now().minusSeconds(1))).orElseThrow().id();
        await().atMost(WAIT).until(() -> "succeeded".equals(runs("retention").getString("data.find { it.id == " + id
                + " }.status")));
        JsonPath runs = runs("retention");
        assertThat(runs.getInt("data.find { it.id == " + id + " }.attempt")).isEqualTo(2);
        assertThat(runs.getString("data.find { it.id == " + id + " }.instance")).isNotEqualTo("dead-host/1");
        java.util.Optional<?> second = storage.write(s -> s.jobs().start("retention", tick, "schedule", "another/2",
                Instant.now(), Instant.now().plusSeconds(60)));
        assertThat(second).as("the tick keeps its single run").isEmpty();
    }

    @Test
    void retentionDeletesOldJobRunsAndEndedSessionsAndTokensButNotLiveOnes() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
        long oldRun = storage.write(s -> {
            var run = s.jobs().start("retention", longAgo, "schedule", "old/1", longAgo, longAgo.plusSeconds(60))
                    .orElseThrow();
            s.jobs().finish(run.id(), "old/1", "succeeded", longAgo.plusSeconds(1), "old", null);
            return run.id();
        });
        long userId = storage.read(s -> s.accounts().findUserByEmail(Api.ADMIN_EMAIL)).orElseThrow().id();
        storage.write(s -> {
            s.accounts().createSession("ended-" + oldRun, userId, longAgo, longAgo.plusSeconds(3600));
            s.apiTokens().create(new dev.quire.storage.spi.ApiTokenStore.NewApiToken(Api.uniqueName("ended"), "",
                    "read-only",
                    "{\"content\":{},\"admin\":[]}", "ended-token-" + oldRun, longAgo, longAgo.plusSeconds(3600)));
            return null;
        });

        String summary = retention.runAt(Instant.now());
        assertThat(summary).matches("deleted \\d+ audit entries, \\d+ webhook deliveries and events, \\d+ job"
                + " runs, \\d+ ended sessions and tokens");
        java.util.Optional<?> run = storage.read(s -> s.jobs().find(oldRun));
        java.util.Optional<?> ended = storage.read(s -> s.apiTokens().findByHash("ended-token-" + oldRun));
        assertThat(run).isEmpty();
        assertThat(ended).isEmpty();
        as(token).get("/admin/users/me").then().statusCode(200);
    }

    @Test
    void backupsAreVerifiedCopiesOnSqliteAndRefusedOnPostgres() throws Exception {
        if (!storage.capabilities().supportsFileBackup()) {
            as(token).post("/admin/jobs/backup/trigger").then().statusCode(409);
            return;
        }
        draft("in the backup");
        long id = as(token).post("/admin/jobs/backup/trigger").then().statusCode(202).extract().jsonPath()
                .getLong("data.id");
        await().atMost(WAIT).until(() -> "succeeded".equals(runs("backup").getString("data.find { it.id == " + id
                + " }.status")));
        String summary = runs("backup").getString("data.find { it.id == " + id + " }.summary");
        assertThat(summary).contains("integrity ok");
        String name = summary.replaceAll("^wrote (\\S+) .*$", "$1");
        Path file = Path.of("target/test-data/backups", name);
        assertThat(file).isRegularFile();
        assertThat(Path.of(file + "-wal")).doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM entry WHERE data LIKE '%in the backup%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
            }
        }
        assertThat(Files.list(file.getParent()).filter(f -> f.toString().endsWith(".partial"))).isEmpty();
    }

    @Test
    void jobsKeepCompletingWhileTheContentApiIsUnderWriteLoadAndTheApiSeesNoErrors() throws Exception {
        Instant from = Instant.now();
        AtomicInteger ok = new AtomicInteger();
        List<Integer> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            for (int t = 0; t < 8; t++) {
                writers.add(pool.submit(() -> {
                    while (System.nanoTime() < until) {
                        int status = as(token).body(Map.of("data", Map.of("title", "load"))).post("/api/" + plural)
                                .statusCode();
                        if (status == 201) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(status);
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Instant to = Instant.now();
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isPositive();
        await().atMost(WAIT).until(() -> runs("scheduled-publishing").getList("data.findAll { it.status == 'running'"
                + " }").isEmpty());
        List<Map<String, Object>> during = runs("scheduled-publishing").<Map<String, Object>>getList("data").stream()
                .filter(r -> {
                    Instant at = Instant.parse((String) r.get("scheduledAt"));
                    return !at.isBefore(from) && at.isBefore(to);
                }).toList();
        assertThat(during).hasSizeGreaterThanOrEqualTo(3);
        assertThat(during).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("succeeded"));
        System.out.printf("Under write load: %d creates in %d ms, %d scheduled-publishing runs, all succeeded%n",
                ok.get(), Duration.between(from, to).toMillis(), during.size());
        as(token).get("/admin/jobs/scheduled-publishing").then().body("data.lastRun", notNullValue());
    }
}
