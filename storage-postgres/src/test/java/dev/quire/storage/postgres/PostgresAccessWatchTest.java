package dev.quire.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.quire.storage.spi.AccessWatch;
import dev.quire.storage.spi.NewAdminUser;

/**
 * The watch hears of changes to users, sessions, API tokens and roles made by any client, and stops being live, then
 * starts again from a new stamp, when its connection is cut.
 */
class PostgresAccessWatchTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static PostgresTestDatabase database;
    private static PostgresStorage storage;
    private static AccessWatch watch;
    private static long userId;

    @BeforeAll
    static void open() {
        database = PostgresTestDatabase.create("watch");
        storage = PostgresStorage.open(database.settings());
        userId = storage.write(s -> s.accounts().createUser(new NewAdminUser("watch@quire.test", "h", null, null,
                "editor", NOW))).id();
        watch = storage.accessWatch().orElseThrow();
        await().atMost(PATIENCE).until(() -> watch.stamp() != AccessWatch.NOT_LIVE);
    }

    @AfterAll
    static void close() {
        storage.close();
        database.close();
    }

    @Test
    void changesByAnotherClientChangeTheStamp() throws SQLException {
        for (String change : new String[]{"DELETE FROM admin_session WHERE token_hash = 'none'",
                "UPDATE admin_user SET firstname = 'Ada' WHERE id = " + userId,
                "UPDATE role SET description = 'changed elsewhere' WHERE name = 'nobody'",
                "UPDATE api_token SET revoked_at = now() WHERE id = -1", "DELETE FROM api_token WHERE id = -1",
                "TRUNCATE admin_session"}) {
            long before = awaitLive();
            elsewhere(change);
            await().atMost(PATIENCE).until(() -> watch.stamp() != before);
        }
    }

    @Test
    void aChangeThroughThisStorageChangesTheStampBeforeItsWriteReturns() {
        storage.write(s -> {
            s.accounts().createSession("mine", userId, NOW, NOW.plusSeconds(600));
            return null;
        });
        long before = awaitLive();
        storage.write(s -> s.accounts().deleteSession("mine"));
        assertThat(watch.stamp()).isNotEqualTo(before);
    }

    @Test
    void aCutConnectionIsNotLiveUntilItListensAgainUnderANewStamp() throws SQLException {
        AtomicBoolean reachable = new AtomicBoolean(true);
        AtomicInteger backend = new AtomicInteger();
        try (PostgresAccessWatch cut = new PostgresAccessWatch(() -> {
            if (!reachable.get()) {
                throw new SQLException("the database is unreachable for this test");
            }
            Connection c = database.connect();
            backend.set(c.unwrap(PGConnection.class).getBackendPID());
            return c;
        })) {
            await().atMost(PATIENCE).until(() -> cut.stamp() != AccessWatch.NOT_LIVE);
            long before = cut.stamp();

            reachable.set(false);
            elsewhere("SELECT pg_terminate_backend(" + backend.get() + ")");
            await().atMost(PATIENCE).until(() -> cut.stamp() == AccessWatch.NOT_LIVE);

            reachable.set(true);
            await().atMost(PATIENCE).until(() -> cut.stamp() != AccessWatch.NOT_LIVE);
            assertThat(cut.stamp()).isNotEqualTo(before);
        }
    }

    @Test
    void settingsCanTurnListeningOff() {
        PostgresSettings s = database.settings();
        try (PostgresStorage quiet = PostgresStorage.open(new PostgresSettings(s.jdbcUrl(), s.username(),
                s.password(), 2, s.acquisitionTimeout(), false))) {
            assertThat(quiet.accessWatch()).isEmpty();
        }
    }

    @Test
    void aClosedStorageStopsListening() throws SQLException {
        PostgresStorage other = PostgresStorage.open(database.settings());
        AccessWatch otherWatch = other.accessWatch().orElseThrow();
        await().atMost(PATIENCE).until(() -> otherWatch.stamp() != AccessWatch.NOT_LIVE);
        other.close();
        assertThat(otherWatch.stamp()).isEqualTo(AccessWatch.NOT_LIVE);
        await().atMost(PATIENCE).until(() -> listeners() == 1);
    }

    private static long awaitLive() {
        await().atMost(PATIENCE).until(() -> watch.stamp() != AccessWatch.NOT_LIVE);
        return watch.stamp();
    }

    private static long listeners() throws SQLException {
        try (Connection c = database.connect();
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = 'quire-access-watch'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void elsewhere(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
