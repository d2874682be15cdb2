package dev.quire.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.EntryUpdate;
import dev.quire.storage.spi.NewContentType;
import dev.quire.storage.spi.NewEntry;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageBusy;

/**
 * The SQLite write path under contention: a lock held by another process (a second connection in
 * {@code BEGIN IMMEDIATE}), writes queued behind it, and a batch in which some writes fail.
 */
class SqliteWritePathTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Path folder;
    private SqliteStorage storage;
    private ContentTypeRecord type;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @BeforeEach
    void open() throws Exception {
        folder = Files.createTempDirectory("quire-write-path");
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        if (storage != null) {
            storage.close();
        }
        SqliteStorageContractTest.deleteRecursively(folder);
    }

    private void start(Duration busyTimeout, Duration writeTimeout) {
        SqliteSettings defaults = SqliteSettings.defaults(folder.resolve("quire.db"));
        storage = SqliteStorage.open(new SqliteSettings(defaults.file(), defaults.synchronous(), busyTimeout,
                writeTimeout, defaults.maxBatch(), defaults.readPoolSize(), defaults.journalSizeLimit()));
        type = storage.write(s -> s.contentTypes().create(new NewContentType("counter", "counters", "collectionType",
                "{}", List.of(), T0)));
        storage.write(s -> s.entries().insert(new NewEntry(key("c"), "{\"n\":0}", T0, T0)));
    }

    private EntryKey key(String documentId) {
        return new EntryKey(type.id(), documentId, "en", EntryStatus.PUBLISHED);
    }

    /** Another process's connection holding the write lock until closed. */
    private Connection externalWriteLock() throws SQLException {
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("quire.db"));
        try (Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("UPDATE entry SET version = version WHERE id = 1");
        }
        return other;
    }

    private static void release(Connection lock) throws SQLException {
        try (Statement st = lock.createStatement()) {
            st.execute("COMMIT");
        }
        lock.close();
    }

    /**
     * An increment that the writer has taken from the queue and cannot begin while another connection holds the lock:
     * writes queued from now on wait behind it, and batch together once it commits.
     */
    private Future<Long> writerBusyWithAnIncrement() {
        long batches = storage.writeQueue().orElseThrow().batches();
        Future<Long> first = pool.submit(this::increment);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> storage.writeQueue().orElseThrow().batches() == batches + 1);
        return first;
    }

    /** Read the counter, then write it back incremented: a read-then-write in one unit of work. */
    private long increment() {
        return storage.write(s -> {
            EntryRecord current = s.entries().find(key("c")).orElseThrow();
            long n = Long.parseLong(current.dataJson().replaceAll("\\D", ""));
            s.entries().update(new EntryUpdate(current.key(), "{\"n\":" + (n + 1) + "}",
                    OptionalLong.of(current.version()), T0));
            return n + 1;
        });
    }

    @Test
    void readThenWriteWaitsForAnExternalLockAndSucceeds() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        Connection lock = externalWriteLock();
        long began = System.nanoTime();
        Future<Long> write = pool.submit(this::increment);

        Thread.sleep(800);
        assertThat(write.isDone()).as("the write waits while the lock is held").isFalse();
        release(lock);

        assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(storage.read(s -> s.entries().find(key("c"))).orElseThrow().dataJson()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aLockHeldBeyondTheBusyTimeoutFailsTheWriteWholeWithStorageBusy() throws Exception {
        start(Duration.ofMillis(300), Duration.ofSeconds(10));
        Connection lock = externalWriteLock();
        try {
            assertThatThrownBy(() -> storage.write(s -> s.entries().insert(new NewEntry(key("late"), "{}", T0, T0))))
                    .isInstanceOf(StorageBusy.class);
        } finally {
            release(lock);
        }
        assertThat(storage.<Optional<EntryRecord>>read(s -> s.entries().find(key("late")))).isEmpty();
        assertThat(increment()).isEqualTo(1);
    }

    @Test
    void aWriteThatCannotBeginInTimeIsWithdrawnAndNeverApplied() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofMillis(300));
        Connection lock = externalWriteLock();
        Future<Long> first = pool.submit(this::increment);
        Thread.sleep(100);
        Future<Object> second = pool.submit(() -> storage.write(
                s -> s.entries().insert(new NewEntry(key("queued"), "{}", T0, T0))));
        try {
            assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageBusy.class);
        } finally {
            release(lock);
        }
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(storage.<Optional<EntryRecord>>read(s -> s.entries().find(key("queued")))).isEmpty();
    }

    @Test
    void writesQueuedTogetherCommitTogetherButFailAlone() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        Connection lock = externalWriteLock();
        List<CompletableFuture<Object>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            writes.add(CompletableFuture.supplyAsync(() -> storage.write(s -> {
                s.entries().insert(new NewEntry(key("w" + n), "{}", T0, T0));
                if (n % 4 == 0) {
                    throw new IllegalArgumentException("write " + n + " rejected after inserting");
                }
                return n;
            }), pool));
        }
        Thread.sleep(300);
        release(lock);

        int failed = 0;
        for (int i = 0; i < writes.size(); i++) {
            try {
                assertThat(writes.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
                assertThat(exists("w" + i)).isTrue();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                assertThat(exists("w" + i)).as("rolled back to its savepoint").isFalse();
                failed++;
            }
        }
        assertThat(failed).isEqualTo(10);
        assertThat(count()).isEqualTo(1 + 30);
    }

    @Test
    void aWriteAloneInItsTransactionThatFailsAppliesNothing() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        long batches = storage.writeQueue().orElseThrow().batches();

        assertThatThrownBy(() -> storage.write(s -> {
            s.entries().insert(new NewEntry(key("alone"), "{}", T0, T0));
            throw new IllegalArgumentException("rejected after inserting");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("rejected after inserting");

        assertThat(storage.writeQueue().orElseThrow().batches()).isEqualTo(batches + 1);
        assertThat(exists("alone")).isFalse();
        assertThat(increment()).isEqualTo(1);
    }

    /**
     * A savepoint in a batch journals every page its write changes; beyond 64 KiB SQLite would write them to a
     * temporary file, which the writer keeps in memory instead. Each write here rewrites 60 entries of 4 KB.
     */
    @Test
    void aBatchedWriteKeepsItsSavepointJournalOutOfFiles() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        String big = "{\"text\":\"" + "x".repeat(4000) + "\"}";
        for (int i = 0; i < 60; i++) {
            int n = i;
            storage.write(s -> s.entries().insert(new NewEntry(key("page" + n), big, T0, T0)));
        }
        Connection lock = externalWriteLock();
        Future<Long> first = writerBusyWithAnIncrement();
        long batches = storage.writeQueue().orElseThrow().batches();
        List<Future<List<String>>> rewrites = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            rewrites.add(pool.submit(() -> storage.write(s -> {
                for (int i = 0; i < 60; i++) {
                    EntryRecord current = s.entries().find(key("page" + i)).orElseThrow();
                    s.entries().update(new EntryUpdate(current.key(), big.replace("xx", "yx"),
                            OptionalLong.of(current.version()), T0));
                }
                return temporaryFilesOpen();
            })));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> storage.writeQueue().orElseThrow().depth() == 2);
        release(lock);

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (Future<List<String>> rewrite : rewrites) {
            assertThat(rewrite.get(10, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(storage.writeQueue().orElseThrow().batches()).as("the two rewrites shared a batch")
                .isEqualTo(batches + 1);
    }

    /**
     * A bulk write waits for the writes queued before it, which commit without it, runs in a transaction of its own and
     * may fail alone; the writes queued after it commit together after it.
     */
    @Test
    void aBulkWriteRunsInATransactionOfItsOwn() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        Connection lock = externalWriteLock();
        Future<Long> first = writerBusyWithAnIncrement();
        long batches = storage.writeQueue().orElseThrow().batches();
        Future<Object> before = pool.submit(() -> storage.write(s -> s.entries().insert(new NewEntry(key("before"),
                "{}", T0, T0))));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> storage.writeQueue().orElseThrow().depth() == 1);
        Future<Object> bulk = pool.submit(() -> storage.writeBulk(s -> {
            s.entries().insert(new NewEntry(key("bulk"), "{}", T0, T0));
            s.contentTypes().delete("counter");
            throw new IllegalArgumentException("rejected after deleting");
        }));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> storage.writeQueue().orElseThrow().depth() == 2);
        List<Future<Object>> after = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            after.add(pool.submit(() -> storage.write(s -> s.entries().insert(new NewEntry(key("after" + n), "{}", T0,
                    T0)))));
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> storage.writeQueue().orElseThrow().depth() == 3 + n);
        }
        release(lock);

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        before.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bulk.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rejected after deleting");
        for (Future<Object> write : after) {
            write.get(10, TimeUnit.SECONDS);
        }
        assertThat(storage.writeQueue().orElseThrow().batches())
                .as("the write before the bulk write, the bulk write alone, then the two after it")
                .isEqualTo(batches + 3);
        assertThat(exists("bulk")).isFalse();
        assertThat(exists("before")).isTrue();
        assertThat(exists("after0")).isTrue();
        assertThat(exists("after1")).isTrue();
        assertThat(count()).isEqualTo(1 + 1 + 2);
    }

    /** A write withdrawn from the head of the queue does not let the bulk write behind it share a batch. */
    @Test
    void aBulkWriteBehindAWithdrawnWriteStillRunsAlone() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(1));
        Connection lock = externalWriteLock();
        Future<Long> first = writerBusyWithAnIncrement();
        Future<Object> withdrawn = pool.submit(() -> storage.write(s -> s.entries().insert(new NewEntry(key("late"),
                "{}", T0, T0))));
        assertThatThrownBy(() -> withdrawn.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(StorageBusy.class);
        long batches = storage.writeQueue().orElseThrow().batches();
        Future<Object> bulk = pool.submit(() -> storage.writeBulk(s -> s.entries().insert(new NewEntry(key("bulk"),
                "{}", T0, T0))));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> storage.writeQueue().orElseThrow().depth() == 2);
        Future<Object> after = pool.submit(() -> storage.write(s -> s.entries().insert(new NewEntry(key("after"), "{}",
                T0, T0))));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> storage.writeQueue().orElseThrow().depth() == 3);
        release(lock);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        bulk.get(5, TimeUnit.SECONDS);
        after.get(5, TimeUnit.SECONDS);
        assertThat(storage.writeQueue().orElseThrow().batches()).as("the bulk write alone, then the write after it")
                .isEqualTo(batches + 2);
        assertThat(exists("late")).isFalse();
        assertThat(exists("bulk")).isTrue();
        assertThat(exists("after")).isTrue();
    }

    /**
     * Ordinary writes keep SQLite's temporary storage in memory; a bulk write, whose statement journal or index build
     * may be as large as a table, has it in files, and the next ordinary batch in memory again.
     */
    @Test
    void onlyBulkWritesKeepTemporaryStorageInFiles() throws Exception {
        SqliteSettings settings = SqliteSettings.defaults(folder.resolve("plain.db"));
        java.util.concurrent.atomic.AtomicReference<Connection> opened = new java.util.concurrent.atomic.AtomicReference<>();
        try (WriteQueue writer = new WriteQueue(() -> {
            try {
                opened.set(org.sqlite.JDBC.createConnection(settings.jdbcUrl(), settings.connectionProperties(false)));
                return opened.get();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, new SqliteDialect(), Duration.ofSeconds(10), 64, new dev.quire.storage.jdbc.CountCache(), version -> {
        })) {
            Storage.UnitOfWork<String> tempStore = s -> {
                try {
                    return pragma(opened.get(), "temp_store");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(writer.submit(tempStore)).isEqualTo("2");
            assertThat(writer.submit(tempStore, true)).isEqualTo("1");
            assertThat(writer.submit(tempStore)).isEqualTo("2");
        }
    }

    /** SQLite's temporary files this process has open (they are unlinked as they are opened). */
    private static List<String> temporaryFilesOpen() {
        List<String> open = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.contains("etilqs")) {
                        open.add(target);
                    }
                } catch (java.io.IOException gone) {
                    // closed while listed
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return open;
    }

    @Test
    void concurrentReadThenWritesNeverLoseAnUpdate() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        List<Future<Long>> increments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            increments.add(pool.submit(this::increment));
        }
        for (Future<Long> f : increments) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(storage.read(s -> s.entries().find(key("c"))).orElseThrow().dataJson()).isEqualTo("{\"n\":200}");
    }

    @Test
    void everyConnectionGetsEveryPragma() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofSeconds(10));
        SqliteSettings settings = storage.settings();
        try (Connection writer = org.sqlite.JDBC.createConnection(settings.jdbcUrl(),
                settings.connectionProperties(false));
                Connection reader = org.sqlite.JDBC.createConnection(settings.jdbcUrl(),
                        settings.connectionProperties(true))) {
            for (Connection c : List.of(writer, reader)) {
                assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(c, "synchronous")).isEqualTo("2");
                assertThat(pragma(c, "busy_timeout")).isEqualTo("5000");
                assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(c, "journal_size_limit")).isEqualTo(String.valueOf(64 * 1024 * 1024));
            }
            assertThatThrownBy(() -> reader.createStatement().execute("DELETE FROM entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("READONLY");
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private boolean exists(String documentId) {
        return storage.<Optional<EntryRecord>>read(s -> s.entries().find(key(documentId))).isPresent();
    }

    private long count() {
        return storage.<Long>read(s -> s.entries().list(new dev.quire.storage.spi.EntryQuery(type.id(), "en",
                EntryStatus.PUBLISHED, dev.quire.storage.spi.EntryQuery.ALL, List.of(), 0, 1, true)).total()
                .orElseThrow());
    }
}
