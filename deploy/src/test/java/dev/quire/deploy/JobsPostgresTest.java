package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.ScheduleStore.EntrySchedule;

/** The same job tests on PostgreSQL, where backups are pg_dump's business and the backup job is unavailable. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class JobsPostgresTest extends JobsTest {

    @ConfigProperty(name = "cms.storage.postgres.jdbc-url")
    String jdbcUrl;

    @ConfigProperty(name = "cms.storage.postgres.username")
    String username;

    /**
     * Scheduled publishing takes a document's locks in the order an API write does, the draft before the schedule. A
     * deletion holds the draft and then reaches the schedule by cascade; while it holds the draft, a due run waits for
     * the draft without holding the schedule, so the deletion goes on instead of deadlocking with the run (which
     * PostgreSQL would break after a second by failing one of them).
     */
    @Test
    void aDueRunWaitingForADeletionHoldsNoScheduleLock() throws Exception {
        String id = draft("due while deleted");
        long typeId = storage.read(s -> s.contentTypes().findByName(plural)).orElseThrow().id();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection probe = DriverManager.getConnection(jdbcUrl, username, "")) {
            Future<Integer> deletion = pool.submit(() -> storage.write(s -> {
                s.entries().lock(new EntryKey(typeId, id, "en", EntryStatus.DRAFT)).orElseThrow();
                held.countDown();
                await().atMost(WAIT).until(() -> release.getCount() == 0);
                return s.entries().delete(typeId, id, "en");
            }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            storage.write(s -> {
                s.schedules().put(new EntrySchedule(typeId, id, "en", Instant.now().minusSeconds(1), null,
                        Instant.now()));
                return null;
            });
            await().atMost(WAIT).until(() -> waitingForALock(probe) > 0);

            probe.setAutoCommit(false);
            try (Statement st = probe.createStatement()) {
                st.execute("SET LOCAL lock_timeout = '100ms'");
                assertThat(st.executeQuery("SELECT 1 FROM entry_schedule WHERE content_type_id = " + typeId
                        + " AND document_id = '" + id + "' FOR UPDATE").next()).isTrue();
            } finally {
                probe.rollback();
                probe.setAutoCommit(true);
            }
            release.countDown();

            assertThat(deletion.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            await().atMost(WAIT).until(() -> waitingForALock(probe) == 0);
        } finally {
            release.countDown();
            pool.shutdown();
        }
        Optional<EntrySchedule> left = storage.read(s -> s.schedules().find(typeId, id, "en"));
        assertThat(left).isEmpty();
        assertThat(storage.read(s -> s.events().listAfter(0, 1_000_000)).stream()
                .filter(e -> id.equals(e.documentId())).map(e -> e.event()))
                .containsExactly("entry.create");
    }

    private static int waitingForALock(Connection probe) throws SQLException {
        try (Statement st = probe.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
