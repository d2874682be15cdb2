package dev.quire.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.quire.storage.spi.AccessWatch;
import dev.quire.storage.spi.ApiTokenStore.NewApiToken;
import dev.quire.storage.spi.NewAdminUser;
import dev.quire.storage.spi.StorageUnavailable;

/**
 * The watch sees changes to users, sessions, API tokens and roles made by any connection to the file, moves its stamp
 * before a change made through the storage returns, ignores logins and a token's last use, and is live only while it
 * reads.
 */
class SqliteAccessWatchTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    static Path folder;
    private static SqliteSettings settings;
    private static SqliteStorage storage;
    private static AccessWatch watch;
    private static long userId;
    private static long tokenId;

    @BeforeAll
    static void open() {
        settings = SqliteSettings.defaults(folder.resolve("watch.db"));
        storage = SqliteStorage.open(settings);
        userId = storage.write(s -> s.accounts().createUser(new NewAdminUser("watch@quire.test", "h", null, null,
                "editor", NOW))).id();
        tokenId = storage.write(s -> s.apiTokens().create(new NewApiToken("watched", "", "read-only", "{}",
                "watched-hash", NOW, null))).id();
        watch = storage.accessWatch().orElseThrow();
        awaitLive();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Test
    void changesByAnotherConnectionChangeTheStamp() throws SQLException {
        elsewhere("INSERT INTO admin_session (token_hash, user_id, created_at, expires_at) VALUES ('elsewhere', "
                + userId + ", 0, 9999999999999)");
        for (String change : new String[]{"DELETE FROM admin_session WHERE token_hash = 'elsewhere'",
                "UPDATE admin_user SET firstname = 'Ada' WHERE id = " + userId,
                "INSERT INTO role (name, description, permissions, built_in, created_at, updated_at)"
                        + " VALUES ('elsewhere', '', '{}', 0, 0, 0)",
                "UPDATE role SET description = 'changed elsewhere' WHERE name = 'elsewhere'",
                "DELETE FROM role WHERE name = 'elsewhere'",
                "UPDATE api_token SET expires_at = 9999999999999 WHERE id = " + tokenId,
                "UPDATE api_token SET revoked_at = 1 WHERE id = " + tokenId}) {
            long before = awaitSettled();
            elsewhere(change);
            await().atMost(PATIENCE).until(() -> watch.stamp() != before);
        }
    }

    @Test
    void loginsAndATokensLastUseLeaveTheStampAlone() throws SQLException {
        long before = awaitSettled();
        storage.write(s -> {
            s.accounts().createSession("login", userId, NOW, NOW.plusSeconds(600));
            return null;
        });
        storage.write(s -> {
            s.apiTokens().touch(tokenId, NOW);
            return null;
        });
        elsewhere("UPDATE api_token SET last_used_at = 5 WHERE id = " + tokenId);
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> watch.stamp() == before);
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

    /**
     * The watch's next read finds the version that change left, and drops nothing more: what was cached after the
     * change stays cached.
     */
    @Test
    void aChangeThroughThisStorageIsDroppedOnceNotAgainWhenTheWatchReadsIt() {
        storage.write(s -> {
            s.accounts().createSession("once", userId, NOW, NOW.plusSeconds(600));
            return null;
        });
        long before = awaitSettled();
        storage.write(s -> s.accounts().deleteSession("once"));
        long after = watch.stamp();
        assertThat(after).isNotEqualTo(before);
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> watch.stamp() == after);
    }

    @Test
    void aWatchThatCannotReadIsNotLiveUntilItReadsAgainUnderANewStamp() throws Exception {
        AtomicBoolean readable = new AtomicBoolean(false);
        try (SqliteAccessWatch cut = new SqliteAccessWatch(() -> {
            if (!readable.get()) {
                throw new StorageUnavailable("the database is unreadable for this test", null);
            }
            try {
                return DriverManager.getConnection(settings.jdbcUrl(), settings.connectionProperties(true));
            } catch (SQLException e) {
                throw new StorageUnavailable("cannot open", e);
            }
        })) {
            cut.start();
            await().during(SqliteAccessWatch.POLL.multipliedBy(2)).atMost(PATIENCE)
                    .until(() -> cut.stamp() == AccessWatch.NOT_LIVE);
            readable.set(true);
            await().atMost(PATIENCE).until(() -> cut.stamp() != AccessWatch.NOT_LIVE);
        }
    }

    @Test
    void aClosedStorageStopsReadingAndLeavesOneSelfContainedFile() throws Exception {
        Path file = folder.resolve("closed.db");
        SqliteStorage other = SqliteStorage.open(SqliteSettings.defaults(file));
        AccessWatch otherWatch = other.accessWatch().orElseThrow();
        await().atMost(PATIENCE).until(() -> otherWatch.stamp() != AccessWatch.NOT_LIVE);
        other.close();
        assertThat(otherWatch.stamp()).isEqualTo(AccessWatch.NOT_LIVE);
        assertThat(file.resolveSibling("closed.db-wal")).doesNotExist();
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void aReadOnlyStorageHasNoWatch() {
        try (SqliteStorage readOnly = SqliteStorage.openReadOnly(settings)) {
            assertThat(readOnly.accessWatch()).isEmpty();
        }
    }

    /** The stamp once two reads in a row have left it alone: every earlier change has been seen. */
    private static long awaitSettled() {
        long[] last = {awaitLive()};
        await().atMost(PATIENCE).pollInterval(SqliteAccessWatch.POLL.multipliedBy(2)).until(() -> {
            long now = awaitLive();
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    private static long awaitLive() {
        await().atMost(PATIENCE).until(() -> watch.stamp() != AccessWatch.NOT_LIVE);
        return watch.stamp();
    }

    private static void elsewhere(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
