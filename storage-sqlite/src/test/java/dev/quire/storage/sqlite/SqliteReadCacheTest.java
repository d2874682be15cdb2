package dev.quire.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.quire.storage.jdbc.JdbcStatistics;
import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryPage;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.NewContentType;
import dev.quire.storage.spi.NewEntry;
import dev.quire.storage.spi.SortKey.ValueType;

/**
 * What SQLite reads keep between requests: compiled statements per connection, and list counts until the next commit. A
 * count must never be served from another state of the database than the page it goes with.
 */
class SqliteReadCacheTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private Path folder;
    private SqliteStorage storage;
    private ContentTypeRecord type;

    @BeforeEach
    void open() throws Exception {
        folder = Files.createTempDirectory("quire-read-cache");
        storage = SqliteStorage.open(SqliteSettings.defaults(folder.resolve("quire.db")));
        type = storage.write(s -> s.contentTypes().create(new NewContentType("post", "posts", "collectionType", "{}",
                List.of(), T0)));
    }

    @AfterEach
    void close() {
        storage.close();
        SqliteStorageContractTest.deleteRecursively(folder);
    }

    private void insert(String documentId) {
        storage.write(s -> s.entries().insert(new NewEntry(new EntryKey(type.id(), documentId, "en",
                EntryStatus.PUBLISHED), "{\"n\":1}", T0, T0)));
    }

    /** Entries whose {@code n} is 1, which all are: a filtered list, whose total is counted apart from its page. */
    private EntryPage list(int limit) {
        return storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                new Condition.Compare("n", ValueType.NUMBER, Condition.Operator.EQ, List.of(1L)), List.of(), 0,
                limit, true)));
    }

    private EntryPage unfiltered(int offset, int limit) {
        return storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                EntryQuery.ALL, List.of(), offset, limit, true)));
    }

    @Test
    void anUnfilteredPageBringsItsTotalInTheSameStatement() {
        for (int i = 0; i < 3; i++) {
            insert("d" + i);
        }
        long before = JdbcStatistics.statements();
        EntryPage page = unfiltered(0, 2);
        assertThat(JdbcStatistics.statements() - before).isEqualTo(1);
        assertThat(page.items()).hasSize(2);
        assertThat(page.total().getAsLong()).isEqualTo(3);

        before = JdbcStatistics.statements();
        EntryPage pastTheEnd = unfiltered(5, 2);
        assertThat(JdbcStatistics.statements() - before).isEqualTo(2);
        assertThat(pastTheEnd.items()).isEmpty();
        assertThat(pastTheEnd.total().getAsLong()).isEqualTo(3);
    }

    @Test
    void aCountIsReusedUntilTheNextCommitAndThenCountedAgain() {
        for (int i = 0; i < 3; i++) {
            insert("d" + i);
        }
        long before = JdbcStatistics.statements();
        assertThat(list(2).total().getAsLong()).isEqualTo(3);
        long first = JdbcStatistics.statements() - before;
        before = JdbcStatistics.statements();
        assertThat(list(2).total().getAsLong()).isEqualTo(3);
        long second = JdbcStatistics.statements() - before;
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(1);

        insert("d3");
        before = JdbcStatistics.statements();
        assertThat(list(2).total().getAsLong()).isEqualTo(4);
        assertThat(JdbcStatistics.statements() - before).isEqualTo(2);

        storage.write(s -> s.entries().deleteVersion(new EntryKey(type.id(), "d0", "en", EntryStatus.PUBLISHED)));
        assertThat(list(2).total().getAsLong()).isEqualTo(3);
    }

    @Test
    void aRolledBackWriteLeavesTheCountAsItWas() {
        insert("d0");
        assertThat(list(5).total().getAsLong()).isEqualTo(1);
        try {
            storage.write(s -> {
                s.entries().insert(new NewEntry(new EntryKey(type.id(), "d1", "en", EntryStatus.PUBLISHED), "{}", T0,
                        T0));
                throw new IllegalStateException("abandoned");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("abandoned");
        }
        assertThat(list(5).total().getAsLong()).isEqualTo(1);
        assertThat(list(5).items()).hasSize(1);
    }

    @Test
    void everyPageCountsTheSameStateItsRowsComeFromWhileWritesCommit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    int pages = 0;
                    while (writing.get() || pages < 10) {
                        EntryPage page = list(500);
                        assertThat(page.total().getAsLong()).isEqualTo(page.items().size());
                        pages++;
                    }
                    return pages;
                }));
            }
            for (int i = 0; i < 300; i++) {
                insert("d" + i);
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isGreaterThanOrEqualTo(10);
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(list(500).total().getAsLong()).isEqualTo(300);
    }
}
