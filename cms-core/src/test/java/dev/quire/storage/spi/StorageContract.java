package dev.quire.storage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.quire.storage.jdbc.JdbcStatistics;
import dev.quire.storage.spi.AccountStore.SessionUser;
import dev.quire.storage.spi.SortKey.ValueType;

/**
 * The contract every storage implementation honours, run in full by each storage module against its real database. A
 * subclass only says how to open a fresh, empty database and how to throw it away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StorageContract {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");

    protected Storage storage;

    /** Opens a storage on a new, empty database. */
    protected abstract Storage openEmptyStorage();

    /** Removes the database opened by {@link #openEmptyStorage()}, after the storage was closed. */
    protected abstract void dropDatabase();

    @BeforeAll
    void open() {
        storage = openEmptyStorage();
    }

    @AfterAll
    void close() {
        storage.close();
        dropDatabase();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected ContentTypeRecord createType(String uid, IndexedField... indexed) {
        return storage.write(s -> s.contentTypes().create(new NewContentType(uid, uid + "s", "collectionType",
                "{\"kind\":\"collectionType\"}", List.of(indexed), T0)));
    }

    protected EntryRecord insert(ContentTypeRecord type, String documentId, String json) {
        return storage.write(s -> s.entries().insert(new NewEntry(key(type, documentId), json, T0, T0)));
    }

    protected static EntryKey key(ContentTypeRecord type, String documentId) {
        return new EntryKey(type.id(), documentId, "en", EntryStatus.PUBLISHED);
    }

    protected Optional<EntryRecord> findEntry(ContentTypeRecord type, String documentId) {
        return storage.read(s -> s.entries().find(key(type, documentId)));
    }

    protected Optional<ContentTypeRecord> findType(String name) {
        return storage.read(s -> s.contentTypes().findByName(name));
    }

    @Test
    void capabilitiesAreReportedWithoutVendorChecks() {
        assertThat(storage.capabilities().maxInListSize()).isPositive();
        assertThat(storage.isReachable()).isTrue();
    }

    @Test
    void contentTypeIsCreatedFoundByEitherNameAndListed() {
        String uid = unique("page");
        ContentTypeRecord created = createType(uid);

        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createdAt()).isEqualTo(T0);
        ContentTypeRecord bySingular = storage.read(s -> s.contentTypes().findByName(uid)).orElseThrow();
        ContentTypeRecord byPlural = storage.read(s -> s.contentTypes().findByName(uid + "s")).orElseThrow();
        assertThat(bySingular).isEqualTo(created);
        assertThat(byPlural.id()).isEqualTo(created.id());
        assertThat(storage.<List<ContentTypeRecord>>read(s -> s.contentTypes().list()))
                .extracting(ContentTypeRecord::uid).contains(uid);
    }

    /**
     * An export reads every table in one snapshot, whatever commits meanwhile. On PostgreSQL, where reads otherwise run
     * statement by statement, asking for the snapshot must open a transaction first, or it would be a no-op.
     */
    @Test
    void aSnapshotReadSeesOneStateWhileWritesCommit() {
        ContentTypeRecord type = createType(unique("snap"));
        insert(type, "snap-1", "{}");

        long[] counts = storage.read(s -> {
            s.archive().beginSnapshot();
            long before = s.archive().count(ArchiveTable.ENTRY);
            insert(type, "snap-2", "{}");
            return new long[]{before, s.archive().count(ArchiveTable.ENTRY)};
        });

        assertThat(counts[1]).isEqualTo(counts[0]);
        assertThat(storage.<Long>read(s -> s.archive().count(ArchiveTable.ENTRY))).isEqualTo(counts[0] + 1);
    }

    @Test
    void namesAreUniqueAcrossSingularAndPlural() {
        String uid = unique("post");
        createType(uid);

        assertThatThrownBy(() -> createType(uid)).isInstanceOf(NameTaken.class);
        assertThatThrownBy(() -> storage.write(s -> s.contentTypes().create(new NewContentType(uid + "s", uid + "ss",
                "collectionType", "{}", List.of(), T0)))).isInstanceOf(NameTaken.class);
    }

    @Test
    void contentTypeUpdateChecksVersionAndReplacesIndexes() {
        String uid = unique("tag");
        ContentTypeRecord type = createType(uid, new IndexedField("name", true, ValueType.TEXT));
        insert(type, "doc1", "{\"name\":\"same\",\"code\":1}");

        ContentTypeRecord updated = storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(uid, 1,
                uid + "s", "{\"v\":2}", List.of(new IndexedField("code", true, ValueType.NUMBER)), T0.plusSeconds(1))));
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.indexedFields()).containsExactly(new IndexedField("code", true, ValueType.NUMBER));

        // the old unique index is gone, the new one holds
        insert(type, "doc2", "{\"name\":\"same\",\"code\":2}");
        assertThatThrownBy(() -> insert(type, "doc3", "{\"code\":2}")).isInstanceOf(UniqueViolation.class)
                .extracting(e -> ((UniqueViolation) e).field()).isEqualTo("code");

        assertThatThrownBy(() -> storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(uid, 1, uid + "s",
                "{}", List.of(), T0)))).isInstanceOf(VersionConflict.class);
    }

    @Test
    void makingAFieldUniqueFailsWhenEntriesAlreadyShareAValue() {
        String uid = unique("city");
        ContentTypeRecord type = createType(uid);
        insert(type, "a", "{\"name\":\"Paris\"}");
        insert(type, "b", "{\"name\":\"Paris\"}");

        assertThatThrownBy(() -> storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(uid, 1, uid + "s",
                "{}", List.of(new IndexedField("name", true, ValueType.TEXT)), T0))))
                .isInstanceOf(UniqueViolation.class);
        assertThat(storage.read(s -> s.contentTypes().findByName(uid)).orElseThrow().version()).isEqualTo(1);
    }

    /** The total of an unfiltered list, and the rows it really has (the page is large enough for all of them). */
    private long[] totalAndRows(ContentTypeRecord type, String locale, EntryStatus status) {
        EntryPage page = storage.read(s -> s.entries().list(new EntryQuery(type.id(), locale, status, EntryQuery.ALL,
                List.of(), 0, 500, true)));
        return new long[]{page.total().getAsLong(), page.items().size()};
    }

    /** The total of English drafts as a page at {@code offset} reports it, a page past the end included. */
    private long totalOfPage(ContentTypeRecord type, int offset, int limit) {
        return storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.DRAFT, EntryQuery.ALL,
                List.of(), offset, limit, true))).total().getAsLong();
    }

    @Test
    void unfilteredTotalsMatchTheRowsThroughEveryKindOfChange() {
        ContentTypeRecord type = createType(unique("counted"));
        ContentTypeRecord other = createType(unique("other"));
        for (int i = 0; i < 5; i++) {
            String id = "d" + i;
            storage.write(s -> {
                s.entries().insert(new NewEntry(new EntryKey(type.id(), id, "en", EntryStatus.DRAFT), "{}", T0, T0));
                s.entries().insert(new NewEntry(new EntryKey(type.id(), id, "fr", EntryStatus.DRAFT), "{}", T0, T0));
                return s.entries().insert(new NewEntry(new EntryKey(other.id(), id, "en", EntryStatus.DRAFT), "{}",
                        T0, T0));
            });
        }
        storage.write(s -> s.entries().publish(new EntryKey(type.id(), "d0", "en", EntryStatus.DRAFT), T0));
        storage.write(s -> s.entries().publish(new EntryKey(type.id(), "d1", "en", EntryStatus.DRAFT), T0));
        try {
            storage.write(s -> {
                s.entries().insert(new NewEntry(new EntryKey(type.id(), "d9", "en", EntryStatus.DRAFT), "{}", T0, T0));
                throw new IllegalStateException("rolled back");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("rolled back");
        }
        assertThat(totalAndRows(type, "en", EntryStatus.DRAFT)).containsExactly(5, 5);
        assertThat(totalAndRows(type, "en", EntryStatus.PUBLISHED)).containsExactly(2, 2);
        assertThat(totalAndRows(type, "fr", EntryStatus.DRAFT)).containsExactly(5, 5);
        assertThat(totalAndRows(type, "de", EntryStatus.DRAFT)).containsExactly(0, 0);
        assertThat(totalOfPage(type, 2, 2)).isEqualTo(5);
        assertThat(totalOfPage(type, 4, 10)).isEqualTo(5);
        assertThat(totalOfPage(type, 10, 10)).isEqualTo(5);

        storage.write(s -> s.entries().deleteVersion(new EntryKey(type.id(), "d0", "en", EntryStatus.PUBLISHED)));
        storage.write(s -> s.entries().delete(type.id(), "d2", "fr"));
        assertThat(totalAndRows(type, "en", EntryStatus.PUBLISHED)).containsExactly(1, 1);
        assertThat(totalAndRows(type, "fr", EntryStatus.DRAFT)).containsExactly(4, 4);

        storage.write(s -> s.contentTypes().delete(type.uid()));
        assertThat(totalAndRows(type, "en", EntryStatus.DRAFT)).containsExactly(0, 0);
        assertThat(totalAndRows(other, "en", EntryStatus.DRAFT)).containsExactly(5, 5);
    }

    @Test
    void deletingATypeDeletesItsEntries() {
        String uid = unique("gone");
        ContentTypeRecord type = createType(uid, new IndexedField("slug", true, ValueType.TEXT));
        insert(type, "d1", "{\"slug\":\"x\"}");

        assertThat(storage.<Boolean>write(s -> s.contentTypes().delete(uid))).isTrue();
        assertThat(storage.<Boolean>write(s -> s.contentTypes().delete(uid))).isFalse();
        assertThat(findType(uid)).isEmpty();
        assertThat(findEntry(type, "d1")).isEmpty();
    }

    @Test
    void entryRoundTripsItsDataAndTimestamps() {
        ContentTypeRecord type = createType(unique("note"));
        EntryRecord inserted = insert(type, "n1", "{\"title\":\"Grüße \\\"quoted\\\"\",\"n\":3.5,\"ok\":true}");

        assertThat(inserted.id()).isPositive();
        assertThat(inserted.version()).isEqualTo(1);
        assertThat(inserted.createdAt()).isEqualTo(T0);
        assertThat(inserted.publishedAt()).isEqualTo(T0);
        EntryRecord found = storage.read(s -> s.entries().find(key(type, "n1"))).orElseThrow();
        assertThat(found).isEqualTo(inserted);
        assertThat(found.dataJson()).contains("Grüße").contains("3.5");
    }

    @Test
    void uniqueFieldsAreEnforcedByTheDatabasePerLocaleAndStatus() {
        ContentTypeRecord type = createType(unique("user"), new IndexedField("email", true, ValueType.TEXT));
        insert(type, "u1", "{\"email\":\"a@x.io\"}");

        assertThatThrownBy(() -> insert(type, "u2", "{\"email\":\"a@x.io\"}")).isInstanceOf(UniqueViolation.class)
                .extracting(e -> ((UniqueViolation) e).field()).isEqualTo("email");
        // absent values never collide; other locales and statuses are separate
        insert(type, "u3", "{}");
        insert(type, "u4", "{}");
        storage.write(s -> s.entries().insert(new NewEntry(new EntryKey(type.id(), "u5", "fr", EntryStatus.PUBLISHED),
                "{\"email\":\"a@x.io\"}", T0, T0)));
        storage.write(s -> s.entries().insert(new NewEntry(new EntryKey(type.id(), "u6", "en", EntryStatus.DRAFT),
                "{\"email\":\"a@x.io\"}", T0, null)));
        assertThatThrownBy(() -> storage.write(s -> s.entries().insert(new NewEntry(
                new EntryKey(type.id(), "u7", "en", EntryStatus.DRAFT), "{\"email\":\"a@x.io\"}", T0, null))))
                .isInstanceOf(UniqueViolation.class);
    }

    @Test
    void aDuplicateRowKeyIsReportedAsAnExistingEntryNotAsAUniqueAttribute() {
        ContentTypeRecord type = createType(unique("dup"));
        insert(type, "same", "{}");

        assertThatThrownBy(() -> insert(type, "same", "{}")).isInstanceOf(EntryExists.class);
    }

    @Test
    void listSortsByTypedAttributesPagesStablyAndCounts() {
        ContentTypeRecord type = createType(unique("item"));
        insert(type, "i1", "{\"n\":10,\"s\":\"b\"}");
        insert(type, "i2", "{\"n\":9,\"s\":\"a\"}");
        insert(type, "i3", "{\"n\":10,\"s\":\"c\"}");
        insert(type, "i4", "{\"s\":\"d\"}");

        EntryPage byNumberDesc = storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en",
                EntryStatus.PUBLISHED, EntryQuery.ALL, List.of(new SortKey("n", ValueType.NUMBER, true)), 0, 10,
                true)));
        // ties break on id in the direction of the last sort key, so that an index can serve the whole order
        assertThat(byNumberDesc.items()).extracting(EntryRecord::documentId).containsExactly("i3", "i1", "i2", "i4");
        assertThat(byNumberDesc.total()).isEqualTo(OptionalLong.of(4));

        EntryPage secondPage = storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en",
                EntryStatus.PUBLISHED, EntryQuery.ALL, List.of(new SortKey("n", ValueType.NUMBER, false)), 2, 2,
                false)));
        assertThat(secondPage.items()).extracting(EntryRecord::documentId).containsExactly("i1", "i3");
        assertThat(secondPage.total()).isEmpty();

        EntryPage byText = storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                EntryQuery.ALL, List.of(new SortKey("s", ValueType.TEXT, true)), 0, 2, true)));
        assertThat(byText.items()).extracting(EntryRecord::documentId).containsExactly("i4", "i3");

        EntryPage byDocumentId = storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en",
                EntryStatus.PUBLISHED, EntryQuery.ALL, List.of(new SortKey("documentId", ValueType.TEXT, true)), 0, 1,
                true)));
        assertThat(byDocumentId.items()).extracting(EntryRecord::documentId).containsExactly("i4");
    }

    @Test
    void aListThatChecksTheTypeVersionReturnsRowsOnlyWhileTheTypeIsAtIt() {
        String uid = unique("checked");
        ContentTypeRecord type = createType(uid);
        insert(type, "c1", "{\"n\":1}");
        insert(type, "c2", "{\"n\":2}");
        Condition filtered = cmp("n", ValueType.NUMBER, Condition.Operator.GT, 1);

        assertThat(checkedList(type, 1, EntryQuery.ALL)).containsExactly(2L, 2L);
        assertThat(checkedList(type, 1, filtered)).containsExactly(1L, 1L);
        storage.write(s -> s.contentTypes().update(new ContentTypeUpdate(uid, 1, uid + "s", "{}", List.of(), T0)));
        assertThat(checkedList(type, 1, EntryQuery.ALL)[1]).isZero();
        assertThat(checkedList(type, 1, filtered)[1]).isZero();
        assertThat(checkedList(type, 2, filtered)).containsExactly(1L, 1L);
    }

    /** The total and the number of rows of a list that checks the type is at {@code version}. */
    private long[] checkedList(ContentTypeRecord type, long version, Condition filter) {
        EntryPage page = storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                filter, List.of(new SortKey("n", ValueType.NUMBER, false)), 0, 10, true, OptionalLong.of(version))));
        return new long[]{page.total().getAsLong(), page.items().size()};
    }

    @Test
    void updateIncrementsVersionAndRejectsAStaleOne() {
        ContentTypeRecord type = createType(unique("doc"));
        insert(type, "d1", "{\"t\":1}");
        Instant later = T0.plus(5, ChronoUnit.SECONDS);

        EntryRecord updated = storage.write(s -> s.entries().update(new EntryUpdate(key(type, "d1"), "{\"t\":2}",
                OptionalLong.of(1), later)));
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.updatedAt()).isEqualTo(later);
        assertThat(updated.createdAt()).isEqualTo(T0);
        assertThat(updated.dataJson()).contains("2");

        assertThatThrownBy(() -> storage.write(s -> s.entries().update(new EntryUpdate(key(type, "d1"), "{\"t\":3}",
                OptionalLong.of(1), later)))).isInstanceOf(VersionConflict.class)
                .extracting(e -> ((VersionConflict) e).actual()).isEqualTo(2L);
        assertThatThrownBy(() -> storage.write(s -> s.entries().update(new EntryUpdate(key(type, "missing"), "{}",
                OptionalLong.empty(), later)))).isInstanceOf(NotFound.class);
    }

    @Test
    void deleteRemovesEveryStatusOfTheDocumentInTheLocale() {
        ContentTypeRecord type = createType(unique("del"));
        insert(type, "d1", "{}");
        storage.write(s -> s.entries().insert(new NewEntry(new EntryKey(type.id(), "d1", "en", EntryStatus.DRAFT),
                "{}", T0, null)));
        insert(type, "d2", "{}");

        assertThat(storage.<Integer>write(s -> s.entries().delete(type.id(), "d1", "en"))).isEqualTo(2);
        assertThat(storage.<Integer>write(s -> s.entries().delete(type.id(), "d1", "en"))).isZero();
        assertThat(findEntry(type, "d2")).isPresent();
    }

    @Test
    void aFailingUnitOfWorkAppliesNothing() {
        ContentTypeRecord type = createType(unique("atomic"));

        assertThatThrownBy(() -> storage.write(s -> {
            s.entries().insert(new NewEntry(key(type, "first"), "{}", T0, T0));
            s.entries().insert(new NewEntry(key(type, "second"), "{}", T0, T0));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        assertThat(findEntry(type, "first")).isEmpty();
        assertThat(findEntry(type, "second")).isEmpty();
    }

    @Test
    void aReadCannotWrite() {
        ContentTypeRecord type = createType(unique("ro"));

        assertThatThrownBy(() -> storage.read(s -> s.entries().insert(new NewEntry(key(type, "x"), "{}", T0, T0))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(findEntry(type, "x")).isEmpty();
    }

    @Test
    void aReadThenWriteInOneUnitSeesItsOwnWrites() {
        ContentTypeRecord type = createType(unique("rw"));
        insert(type, "c", "{\"count\":1}");

        long version = storage.write(s -> {
            EntryRecord current = s.entries().find(key(type, "c")).orElseThrow();
            EntryRecord next = s.entries().update(new EntryUpdate(current.key(), "{\"count\":2}",
                    OptionalLong.of(current.version()), T0));
            return s.entries().find(next.key()).orElseThrow().version();
        });
        assertThat(version).isEqualTo(2);
    }

    @Test
    void usersAreUniqueByCaseInsensitiveEmailAndSessionsExpire() {
        String email = unique("editor") + "@Example.com";
        AdminUserRecord user = storage.write(s -> s.accounts().createUser(new NewAdminUser(email, "$argon2id$x",
                "Ada", "L", "editor", T0)));

        assertThat(user.email()).isEqualTo(email.toLowerCase());
        assertThat(storage.<Optional<AdminUserRecord>>read(s -> s.accounts().findUserByEmail(email.toUpperCase())))
                .contains(user);
        assertThatThrownBy(() -> storage.write(s -> s.accounts().createUser(new NewAdminUser(email.toLowerCase(),
                "h", null, null, "editor", T0)))).isInstanceOf(NameTaken.class);
        assertThat(storage.<Long>read(s -> s.accounts().countUsers())).isPositive();

        String hash = unique("token-hash");
        storage.write(s -> {
            s.accounts().createSession(hash, user.id(), T0, T0.plusSeconds(60));
            return null;
        });
        assertThat(storage.<Optional<SessionUser>>read(s -> s.accounts().findSessionUser(hash, T0.plusSeconds(59))))
                .contains(new SessionUser(user, T0.plusSeconds(60)));
        assertThat(storage.<Optional<SessionUser>>read(s -> s.accounts().findSessionUser(hash, T0.plusSeconds(60))))
                .isEmpty();
        assertThat(storage.<Boolean>write(s -> s.accounts().deleteSession(hash))).isTrue();
        assertThat(storage.<Optional<SessionUser>>read(s -> s.accounts().findSessionUser(hash, T0))).isEmpty();
    }

    private List<String> matching(ContentTypeRecord type, Condition filter) {
        return storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED, filter,
                List.of(), 0, 100, false))).items().stream().map(EntryRecord::documentId).toList();
    }

    private static Condition cmp(String field, ValueType type, Condition.Operator op, Object... values) {
        return new Condition.Compare(field, type, op, List.of(values));
    }

    @Test
    void filtersCompareTypedValuesWithEveryOperator() {
        ContentTypeRecord type = createType(unique("filter"));
        insert(type, "a", "{\"title\":\"Hello World\",\"n\":10,\"price\":2.5,\"ok\":true,\"day\":\"2025-01-02\"}");
        insert(type, "b", "{\"title\":\"hello there\",\"n\":9,\"price\":10,\"ok\":false,\"day\":\"2024-12-31\"}");
        insert(type, "c", "{\"title\":\"100% _off_\",\"n\":100}");
        var T = ValueType.TEXT;
        var N = ValueType.NUMBER;
        var B = ValueType.BOOLEAN;

        assertThat(matching(type, cmp("title", T, Condition.Operator.EQ, "Hello World"))).containsExactly("a");
        assertThat(matching(type, cmp("title", T, Condition.Operator.EQI, "HELLO WORLD"))).containsExactly("a");
        assertThat(matching(type, cmp("title", T, Condition.Operator.NE, "Hello World"))).containsExactly("b", "c");
        assertThat(matching(type, cmp("title", T, Condition.Operator.NEI, "hello world"))).containsExactly("b", "c");
        assertThat(matching(type, cmp("n", N, Condition.Operator.GT, new java.math.BigDecimal("9"))))
                .containsExactly("a", "c");
        assertThat(matching(type, cmp("n", N, Condition.Operator.LTE, new java.math.BigDecimal("10"))))
                .containsExactly("a", "b");
        assertThat(matching(type, cmp("n", N, Condition.Operator.LT, new java.math.BigDecimal("9.5"))))
                .containsExactly("b");
        assertThat(matching(type, cmp("price", N, Condition.Operator.GTE, new java.math.BigDecimal("2.5"))))
                .containsExactly("a", "b");
        assertThat(matching(type, cmp("n", N, Condition.Operator.IN, new java.math.BigDecimal("9"),
                new java.math.BigDecimal("100")))).containsExactly("b", "c");
        assertThat(matching(type, cmp("n", N, Condition.Operator.NOT_IN, new java.math.BigDecimal("9"))))
                .containsExactly("a", "c");
        assertThat(matching(type, cmp("n", N, Condition.Operator.BETWEEN, new java.math.BigDecimal("9"),
                new java.math.BigDecimal("10")))).containsExactly("a", "b");
        assertThat(matching(type, cmp("title", T, Condition.Operator.CONTAINS, "llo"))).containsExactly("a", "b");
        assertThat(matching(type, cmp("title", T, Condition.Operator.CONTAINS, "World"))).containsExactly("a");
        assertThat(matching(type, cmp("title", T, Condition.Operator.CONTAINSI, "WORLD"))).containsExactly("a");
        assertThat(matching(type, cmp("title", T, Condition.Operator.NOT_CONTAINS, "llo"))).containsExactly("c");
        assertThat(matching(type, cmp("title", T, Condition.Operator.NOT_CONTAINSI, "HELLO"))).containsExactly("c");
        assertThat(matching(type, cmp("title", T, Condition.Operator.CONTAINS, "%"))).containsExactly("c");
        assertThat(matching(type, cmp("title", T, Condition.Operator.CONTAINS, "_"))).containsExactly("c");
        assertThat(matching(type, cmp("title", T, Condition.Operator.STARTS_WITH, "Hello"))).containsExactly("a");
        assertThat(matching(type, cmp("title", T, Condition.Operator.STARTS_WITHI, "hello"))).containsExactly("a", "b");
        assertThat(matching(type, cmp("title", T, Condition.Operator.ENDS_WITH, "World"))).containsExactly("a");
        assertThat(matching(type, cmp("title", T, Condition.Operator.ENDS_WITHI, "THERE"))).containsExactly("b");
        assertThat(matching(type, cmp("title", T, Condition.Operator.ENDS_WITH, "a much longer suffix than any")))
                .isEmpty();
        assertThat(matching(type, cmp("ok", B, Condition.Operator.EQ, true))).containsExactly("a");
        assertThat(matching(type, cmp("ok", B, Condition.Operator.NULL, true))).containsExactly("c");
        assertThat(matching(type, cmp("ok", B, Condition.Operator.NOT_NULL, true))).containsExactly("a", "b");
        assertThat(matching(type, cmp("day", T, Condition.Operator.GT, "2024-12-31"))).containsExactly("a");
        assertThat(matching(type, cmp("id", N, Condition.Operator.EQ, findEntry(type, "b").orElseThrow().id())))
                .containsExactly("b");
        assertThat(matching(type, cmp("documentId", T, Condition.Operator.IN, "a", "c"))).containsExactly("a", "c");
        assertThat(matching(type, cmp("createdAt", N, Condition.Operator.LTE, T0))).containsExactly("a", "b", "c");
    }

    @Test
    void filtersNestAndOrNot() {
        ContentTypeRecord type = createType(unique("nest"));
        insert(type, "a", "{\"t\":\"x\",\"n\":1}");
        insert(type, "b", "{\"t\":\"y\",\"n\":2}");
        insert(type, "c", "{\"t\":\"z\",\"n\":3}");
        Condition tx = cmp("t", ValueType.TEXT, Condition.Operator.EQ, "x");
        Condition n3 = cmp("n", ValueType.NUMBER, Condition.Operator.EQ, new java.math.BigDecimal(3));

        assertThat(matching(type, new Condition.Or(List.of(tx, n3)))).containsExactly("a", "c");
        assertThat(matching(type, new Condition.Not(new Condition.Or(List.of(tx, n3))))).containsExactly("b");
        assertThat(matching(type, new Condition.And(List.of(tx, n3)))).isEmpty();
        assertThat(matching(type, new Condition.Or(List.of()))).isEmpty();
        assertThat(matching(type, new Condition.And(List.of()))).containsExactly("a", "b", "c");
        assertThat(storage.read(s -> s.entries().list(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                new Condition.Not(tx), List.of(), 0, 1, true))).total()).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void valuesThatLookLikeSqlAreJustValues() {
        ContentTypeRecord type = createType(unique("inject"));
        insert(type, "a", "{\"t\":\"x\"}");

        assertThat(matching(type, cmp("t", ValueType.TEXT, Condition.Operator.EQ, "x' OR '1'='1"))).isEmpty();
        assertThat(matching(type, cmp("t", ValueType.TEXT, Condition.Operator.CONTAINS, "'); DROP TABLE entry; --")))
                .isEmpty();
        assertThat(findEntry(type, "a")).isPresent();
        assertThatThrownBy(() -> matching(type, cmp("t') = 'x' OR ('1", ValueType.TEXT, Condition.Operator.EQ, "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uniqueAndIndexedAttributesAreQueriedThroughTheirIndexes() {
        ContentTypeRecord type = createType(unique("plan"), new IndexedField("slug", true, ValueType.TEXT),
                new IndexedField("rank", false, ValueType.NUMBER));
        storage.write(s -> {
            for (int i = 0; i < 2000; i++) {
                s.entries().insert(new NewEntry(key(type, "p" + i), "{\"slug\":\"s" + i + "\",\"rank\":" + i + "}",
                        T0, T0));
            }
            return null;
        });
        analyze();

        String byslug = storage.read(s -> s.entries().explain(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                cmp("slug", ValueType.TEXT, Condition.Operator.EQ, "s42"), List.of(), 0, 25, false)));
        assertThat(byslug).contains("ux_" + type.id() + "_slug");
        String byRank = storage.read(s -> s.entries().explain(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                cmp("rank", ValueType.NUMBER, Condition.Operator.GT, new java.math.BigDecimal(1990)),
                List.of(new SortKey("rank", ValueType.NUMBER, false)), 0, 25, false)));
        assertThat(byRank).contains("ix_" + type.id() + "_rank");
        String sorted = storage.read(s -> s.entries().explain(new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                EntryQuery.ALL, List.of(new SortKey("rank", ValueType.NUMBER, true)), 0, 25, false)));
        assertThat(sorted).contains("ix_" + type.id() + "_rank");
        System.out.printf("%s query plans:%n  slug = ?: %s%n  rank > ? sorted by rank: %s%n  sorted by rank desc: %s%n",
                storage.kind(),
                byslug.replace("\n", " | "), byRank.replace("\n", " | "), sorted.replace("\n", " | "));
    }

    /** Refreshes the planner's statistics, as the database's own maintenance would. */
    protected abstract void analyze();

    @Test
    void publishCopiesTheDraftAndKeepsThePublishedRowId() {
        ContentTypeRecord type = createType(unique("dp"), new IndexedField("slug", true, ValueType.TEXT));
        EntryKey draft = new EntryKey(type.id(), "d1", "en", EntryStatus.DRAFT);
        storage.write(s -> s.entries().insert(new NewEntry(draft, "{\"slug\":\"one\"}", T0, null)));

        EntryRecord first = storage.write(s -> s.entries().publish(draft, T0.plusSeconds(1)));
        assertThat(first.status()).isEqualTo(EntryStatus.PUBLISHED);
        assertThat(first.publishedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(first.dataJson()).contains("one");
        storage.write(s -> s.entries().update(new EntryUpdate(draft, "{\"slug\":\"two\"}", OptionalLong.empty(), T0)));
        EntryRecord second = storage.write(s -> s.entries().publish(draft, T0.plusSeconds(2)));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.dataJson()).contains("two");
        assertThat(storage.<List<EntryRecord>>read(s -> s.entries().versions(type.id(), "d1")))
                .extracting(EntryRecord::status).containsExactly(EntryStatus.DRAFT, EntryStatus.PUBLISHED);

        assertThat(storage.<Boolean>write(s -> s.entries().deleteVersion(second.key()))).isTrue();
        assertThat(storage.<List<EntryRecord>>read(s -> s.entries().versions(type.id(), "d1")))
                .extracting(EntryRecord::status).containsExactly(EntryStatus.DRAFT);
        assertThatThrownBy(() -> storage.write(s -> s.entries().publish(
                new EntryKey(type.id(), "none", "en", EntryStatus.DRAFT), T0))).isInstanceOf(NotFound.class);
    }

    @Test
    void eventsAreWrittenWithTheChangeOrNotAtAll() {
        long before = lastEventId();
        ContentTypeRecord type = createType(unique("ev"));
        storage.write(s -> {
            s.entries().insert(new NewEntry(key(type, "e1"), "{}", T0, T0));
            return s.events().append(new NewDomainEvent("entry.create", type.uid(), "e1", "en", "{\"id\":1}", T0));
        });
        assertThatThrownBy(() -> storage.write(s -> {
            s.events().append(new NewDomainEvent("entry.create", type.uid(), "e2", "en", "{}", T0));
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);

        List<DomainEventRecord> events = storage.read(s -> s.events().listAfter(before, 100)).stream()
                .filter(e -> e.model().equals(type.uid())).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).event()).isEqualTo("entry.create");
        assertThat(events.get(0).documentId()).isEqualTo("e1");
        assertThat(events.get(0).entryJson()).contains("\"id\"");
        assertThat(events.get(0).createdAt()).isEqualTo(T0);
    }

    private WebhookStore.WebhookRecord webhook(String events, String models, boolean enabled) {
        return storage.write(s -> s.webhooks().create(new WebhookStore.WebhookDefinition(unique("wh"),
                "http://127.0.0.1:9/x", events, models, "{}", enabled), "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0",
                T0));
    }

    private DomainEventRecord event(String model, String documentId) {
        return storage.write(s -> s.events().append(new NewDomainEvent("entry.create", model, documentId, "en", "{}",
                T0)));
    }

    private List<WebhookStore.ClaimedDelivery> claim(String lease, Instant now, java.util.Map<Long, Integer> inFlight) {
        return storage.write(s -> s.webhooks().claim(new WebhookStore.Claim(lease, "test", now, now.plusSeconds(60),
                100, 4, inFlight)));
    }

    @Test
    void anEventWritesDeliveriesForTheEnabledWebhooksThatMatchItAndARollbackWritesNone() {
        String model = unique("m");
        var all = webhook("[\"entry.create\"]", null, true);
        var thisModel = webhook("[\"entry.update\",\"entry.create\"]", "[\"" + model + "\"]", true);
        var otherModel = webhook("[\"entry.create\"]", "[\"elsewhere\"]", true);
        var otherEvent = webhook("[\"entry.delete\"]", null, true);
        var disabled = webhook("[\"entry.create\"]", null, false);
        event(model, "d1");
        assertThatThrownBy(() -> storage.write(s -> {
            s.events().append(new NewDomainEvent("entry.create", model, "d2", "en", "{}", T0));
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);

        for (var w : List.of(all, thisModel)) {
            List<WebhookStore.DeliveryRecord> d = storage.read(s -> s.webhooks().deliveries(w.id(), null, 0, 10));
            assertThat(d).hasSize(1);
            assertThat(d.get(0).documentId()).isEqualTo("d1");
            assertThat(d.get(0).status()).isEqualTo("pending");
            assertThat(d.get(0).messageId()).matches("msg_[0-9a-f]{32}");
        }
        for (var w : List.of(otherModel, otherEvent, disabled)) {
            long count = storage.read(s -> s.webhooks().countDeliveries(w.id(), null));
            assertThat(count).isZero();
        }
        for (var w : List.of(all, thisModel, otherModel, otherEvent, disabled)) {
            storage.write(s -> s.webhooks().delete(w.id()));
        }
    }

    @Test
    void claimsLeaseDueDeliveriesOnePerDocumentInOrderAndExpiredLeasesComeBack() {
        String model = unique("m");
        var w = webhook("[\"entry.create\"]", "[\"" + model + "\"]", true);
        long first = event(model, "doc1").id();
        long second = event(model, "doc1").id();
        long other = event(model, "doc2").id();
        Instant now = T0.plusSeconds(1);

        List<WebhookStore.ClaimedDelivery> claimed = claim("lease-1", now, java.util.Map.of());
        assertThat(claimed).extracting(c -> c.event().id()).containsExactly(first, other);
        assertThat(claimed).allSatisfy(c -> assertThat(c.attempt()).isEqualTo(1));
        assertThat(claimed.get(0).webhook().secret()).startsWith("whsec_");
        assertThat(claim("lease-2", now, java.util.Map.of())).isEmpty();
        assertThat(claim("lease-2", now, java.util.Map.of(w.id(), 4))).isEmpty();

        var ok = new WebhookStore.NewAttempt(now, 200, 12, "ok", null, "test");
        boolean stolen = storage.write(s -> s.webhooks().finish(claimed.get(0).deliveryId(), "wrong-lease", ok,
                "succeeded", null));
        assertThat(stolen).isFalse();
        boolean held = storage.write(s -> s.webhooks().finish(claimed.get(0).deliveryId(), "lease-1", ok,
                "succeeded", null));
        assertThat(held).isTrue();
        List<WebhookStore.ClaimedDelivery> next = claim("lease-3", now, java.util.Map.of());
        assertThat(next).extracting(c -> c.event().id()).containsExactly(second);

        Instant afterLease = now.plusSeconds(61);
        List<WebhookStore.ClaimedDelivery> reclaimed = claim("lease-4", afterLease, java.util.Map.of());
        assertThat(reclaimed).extracting(c -> c.event().id()).containsExactlyInAnyOrder(second, other);
        assertThat(reclaimed).allSatisfy(c -> assertThat(c.attempt()).isEqualTo(2));
        assertThat(reclaimed.stream().map(WebhookStore.ClaimedDelivery::messageId))
                .containsExactlyInAnyOrder(next.get(0).messageId(), claimed.get(1).messageId());
        List<WebhookStore.AttemptRecord> attempts = storage.read(s -> s.webhooks().attempts(
                List.of(claimed.get(0).deliveryId(), next.get(0).deliveryId())));
        // the holder of a lost lease still made its request, so its attempt is logged; only the status is not its
        assertThat(attempts).extracting(a -> a.attempt().httpStatus()).containsExactly(200, 200, null);
        assertThat(attempts.get(2).attempt().error()).startsWith("interrupted");

        boolean retried = storage.write(s -> s.webhooks().finish(reclaimed.get(0).deliveryId(), "lease-4",
                new WebhookStore.NewAttempt(afterLease, 500, 3, "no", null, "test"), "pending",
                afterLease.plusSeconds(30)));
        assertThat(retried).isTrue();
        assertThat(claim("lease-5", afterLease.plusSeconds(29), java.util.Map.of())).extracting(
                c -> c.deliveryId()).doesNotContain(reclaimed.get(0).deliveryId());
        storage.write(s -> s.webhooks().delete(w.id()));
    }

    @Test
    void concurrentClaimersNeverLeaseTheSameDelivery() throws Exception {
        String model = unique("m");
        var w = webhook("[\"entry.create\"]", "[\"" + model + "\"]", true);
        for (int i = 0; i < 60; i++) {
            event(model, "doc" + i);
        }
        Instant now = T0.plusSeconds(1);
        java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> claimers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String lease = "claimer-" + t;
                claimers.add(pool.submit(() -> {
                    // a claim may come back short while others hold rows it skips, so claim until all are taken
                    for (int round = 0; round < 500 && seen.size() < 60; round++) {
                        for (var c : storage.write(s -> s.webhooks().claim(new WebhookStore.Claim(lease, lease,
                                now, now.plusSeconds(60), 4, 100, java.util.Map.of())))) {
                            if (!seen.add(c.deliveryId())) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (var f : claimers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(duplicates).hasValue(0);
        assertThat(seen).hasSize(60);
        storage.write(s -> s.webhooks().delete(w.id()));
    }

    private long lastEventId() {
        List<DomainEventRecord> all = storage.read(s -> s.events().listAfter(0, 100_000));
        return all.isEmpty() ? 0 : all.get(all.size() - 1).id();
    }

    @Test
    void anInsertAtATypeVersionGoesInOnlyWhileTheTypeIsAtIt() {
        ContentTypeRecord type = createType(unique("seen"));
        EntryKey draft = new EntryKey(type.id(), "d1", "en", EntryStatus.DRAFT);
        Optional<EntryRecord> inserted = storage.write(s -> s.entries().insertAtTypeVersion(new NewEntry(draft,
                "{\"n\":1}", T0, null), type.version()));
        assertThat(inserted).isPresent();
        assertThat(inserted.get().key()).isEqualTo(draft);
        assertThat(inserted.get().dataJson()).isEqualToIgnoringWhitespace("{\"n\":1}");
        assertThat(inserted.get().version()).isEqualTo(1);
        assertThat(inserted.get().createdAt()).isEqualTo(T0);
        assertThat(inserted.get().publishedAt()).isNull();

        Optional<EntryRecord> stale = storage.write(s -> s.entries().insertAtTypeVersion(
                new NewEntry(key(type, "d2"), "{}", T0, T0), type.version() + 1));
        assertThat(stale).isEmpty();
        assertThat(findEntry(type, "d2")).isEmpty();
        EntryRecord source = insert(type, "d3", "{}");
        assertThatThrownBy(() -> storage.write(s -> {
            s.relations().setLinks(source.id(), "related", List.of(new RelationStore.DocumentRef(type.id(), "d2")));
            return null;
        })).as("no document row either").isInstanceOf(NotFound.class);
        ContentTypeRecord gone = createType(unique("gone"));
        storage.write(s -> s.contentTypes().delete(gone.uid()));
        Optional<EntryRecord> ofGone = storage.write(s -> s.entries().insertAtTypeVersion(
                new NewEntry(key(gone, "d4"), "{}", T0, T0), gone.version()));
        assertThat(ofGone).as("nor for a type that is gone").isEmpty();
    }

    /**
     * An event appended at commit goes in with its change, its deliveries and its audit entry, or not at all: not when
     * the unit of work fails after appending it, and not when its own rows fail, which fails the change too.
     */
    @Test
    void anEventAppendedAtCommitIsCommittedWithItsChangeOrNotAtAll() {
        ContentTypeRecord type = createType(unique("atc"));
        var hook = webhook("[\"entry.create\"]", "[\"" + type.uid() + "\"]", true);
        long lastEvent = storage.read(s -> s.events().listAfter(0, Integer.MAX_VALUE)).stream()
                .mapToLong(DomainEventRecord::id).max().orElse(0);
        storage.write(s -> {
            s.entries().insert(new NewEntry(key(type, "d1"), "{}", T0, T0));
            s.events().appendAtCommit(new NewDomainEvent("entry.create", type.uid(), "d1", "en", "{\"n\":1}", T0),
                    auditOf(type, "d1"));
            return null;
        });
        assertThatThrownBy(() -> storage.write(s -> {
            s.entries().insert(new NewEntry(key(type, "d2"), "{}", T0, T0));
            s.events().appendAtCommit(new NewDomainEvent("entry.create", type.uid(), "d2", "en", "{}", T0),
                    auditOf(type, "d2"));
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> storage.write(s -> {
            s.entries().insert(new NewEntry(key(type, "d3"), "{}", T0, T0));
            s.events().appendAtCommit(new NewDomainEvent("entry.create", type.uid(), "d3", "en", "{not json", T0),
                    auditOf(type, "d3"));
            return null;
        })).isInstanceOf(StorageException.class);

        assertThat(findEntry(type, "d1")).isPresent();
        assertThat(findEntry(type, "d2")).isEmpty();
        assertThat(findEntry(type, "d3")).as("the change fails with its event").isEmpty();
        List<DomainEventRecord> events = storage.read(s -> s.events().listAfter(lastEvent, 10));
        assertThat(events).extracting(DomainEventRecord::documentId).containsExactly("d1");
        assertThat(events.get(0).entryJson()).isEqualToIgnoringWhitespace("{\"n\":1}");
        List<WebhookStore.DeliveryRecord> deliveries = storage.read(s -> s.webhooks().deliveries(hook.id(), null, 0,
                10));
        assertThat(deliveries).extracting(WebhookStore.DeliveryRecord::documentId).containsExactly("d1");
        List<AuditStore.AuditEntry> audit = storage.read(s -> s.audit().list(new AuditStore.AuditQuery(null, null,
                null, null, null, null, 0, 100))).items();
        assertThat(audit).filteredOn(a -> a.target().startsWith(type.uid() + "/"))
                .extracting(AuditStore.AuditEntry::target).containsExactly(type.uid() + "/d1");
        storage.write(s -> s.webhooks().delete(hook.id()));
    }

    private static AuditStore.AuditEntry auditOf(ContentTypeRecord type, String documentId) {
        return new AuditStore.AuditEntry(T0, "user", 7, "editor@example.com", "entry.create",
                type.uid() + "/" + documentId, "127.0.0.1", "success");
    }

    @Test
    void linksPointAtDocumentsInOrderAndNeverAtMissingOnes() {
        ContentTypeRecord posts = createType(unique("lpost"));
        ContentTypeRecord tags = createType(unique("ltag"));
        EntryRecord post = insert(posts, "p1", "{}");
        insert(tags, "t1", "{\"name\":\"one\"}");
        insert(tags, "t2", "{\"name\":\"two\"}");
        RelationStore.DocumentRef t1 = new RelationStore.DocumentRef(tags.id(), "t1");
        RelationStore.DocumentRef t2 = new RelationStore.DocumentRef(tags.id(), "t2");

        storage.write(s -> {
            s.relations().setLinks(post.id(), "tags", List.of(t2, t1));
            return null;
        });
        assertThat(links(post, "tags")).containsExactly("t2", "t1");
        assertThatThrownBy(() -> storage.write(s -> {
            s.relations().setLinks(post.id(), "tags", List.of(t1, new RelationStore.DocumentRef(tags.id(), "none")));
            return null;
        })).isInstanceOf(NotFound.class);
        assertThat(links(post, "tags")).as("a failed write changes nothing").containsExactly("t2", "t1");

        // another locale of t2 going away keeps the link; the last row of t1 going away removes it
        storage.write(s -> s.entries().insert(new NewEntry(new EntryKey(tags.id(), "t2", "fr", EntryStatus.PUBLISHED),
                "{}", T0, T0)));
        storage.write(s -> s.entries().delete(tags.id(), "t2", "fr"));
        storage.write(s -> s.entries().delete(tags.id(), "t1", "en"));
        assertThat(links(post, "tags")).containsExactly("t2");

        List<RelationStore.InverseLink> inverse = storage.read(s -> s.relations().inverseLinks(posts.id(), "tags", "en",
                EntryStatus.PUBLISHED, List.of(t2)));
        assertThat(inverse).extracting(l -> l.source().documentId()).containsExactly("p1");
        assertThat(inverse).extracting(RelationStore.InverseLink::targetDocumentId).containsExactly("t2");
    }

    @Test
    void publishingCopiesTheDraftsLinks() {
        ContentTypeRecord posts = createType(unique("ppost"));
        ContentTypeRecord tags = createType(unique("ptag"));
        insert(tags, "t1", "{}");
        EntryKey draft = new EntryKey(posts.id(), "p1", "en", EntryStatus.DRAFT);
        EntryRecord draftRow = storage.write(s -> s.entries().insert(new NewEntry(draft, "{}", T0, null)));
        storage.write(s -> {
            s.relations().setLinks(draftRow.id(), "tags", List.of(new RelationStore.DocumentRef(tags.id(), "t1")));
            return null;
        });

        EntryRecord published = storage.write(s -> s.entries().publish(draft, T0));
        assertThat(links(published, "tags")).containsExactly("t1");
        storage.write(s -> {
            s.relations().setLinks(draftRow.id(), "tags", List.of());
            return null;
        });
        assertThat(links(published, "tags")).as("the published version keeps its links").containsExactly("t1");
    }

    /**
     * An update and a publish return the row their own statement wrote, as a later read gives it, without reading it
     * back. Both implementations share the stores of {@code dev.quire.storage.jdbc}, whose statements are counted:
     * reading the row back would add one to each count here.
     */
    @Test
    void updatesAndPublishesReturnTheRowTheyWroteWithoutReadingItBack() {
        ContentTypeRecord posts = createType(unique("rpost"));
        ContentTypeRecord tags = createType(unique("rtag"));
        insert(tags, "t1", "{}");
        insert(tags, "t2", "{}");
        EntryKey draft = new EntryKey(posts.id(), "p1", "en", EntryStatus.DRAFT);
        EntryKey publishedKey = new EntryKey(posts.id(), "p1", "en", EntryStatus.PUBLISHED);
        EntryRecord inserted = storage.write(s -> s.entries().insert(new NewEntry(draft, "{\"n\":1}", T0, null)));
        linkTags(inserted, tags, "t1");
        long[] statements = new long[3];

        EntryRecord updated = storage.write(s -> counted(statements, 0, () -> s.entries()
                .update(new EntryUpdate(draft, "{\"n\":2}", OptionalLong.of(1), T0.plusSeconds(1)))));
        EntryRecord first = storage.write(s -> counted(statements, 1,
                () -> s.entries().publish(updated, T0.plusSeconds(2))));
        linkTags(inserted, tags, "t2");
        EntryRecord again = storage.write(s -> counted(statements, 2,
                () -> s.entries().publish(updated, T0.plusSeconds(3))));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(updated).isEqualTo(storage.read(s -> s.entries().find(draft)).orElseThrow());
        assertThat(first.status()).isEqualTo(EntryStatus.PUBLISHED);
        assertThat(first.publishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.publishedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(again).isEqualTo(storage.read(s -> s.entries().find(publishedKey)).orElseThrow());
        assertThat(again.dataJson()).isEqualTo(updated.dataJson());
        assertThat(links(again, "tags")).as("the draft's links replace the published row's").containsExactly("t2");
        assertThat(statements).as("update; first publish: update, insert, links; again: update, drop links, links")
                .containsExactly(1, 3, 3);
    }

    private void linkTags(EntryRecord entry, ContentTypeRecord tags, String tag) {
        storage.write(s -> {
            s.relations().setLinks(entry.id(), "tags", List.of(new RelationStore.DocumentRef(tags.id(), tag)));
            return null;
        });
    }

    /** Runs {@code work}, storing the statements it ran at {@code statements[at]}. */
    private static EntryRecord counted(long[] statements, int at, java.util.function.Supplier<EntryRecord> work) {
        long before = JdbcStatistics.statements();
        EntryRecord result = work.get();
        statements[at] = JdbcStatistics.statements() - before;
        return result;
    }

    /**
     * A write that locks a row holds it to its end: another write locking the same row waits, then gets the row as the
     * first left it. On SQLite the single writer runs one write at a time; on PostgreSQL the row lock does it.
     */
    @Test
    void aLockedRowWaitsForTheWriteThatHoldsIt() throws Exception {
        ContentTypeRecord type = createType(unique("lock"));
        EntryRecord row = insert(type, "l1", "{\"n\":1}");
        EntryRecord seen = secondLockWaitsForFirst(s -> s.entries().lock(row.key()).orElseThrow(),
                (s, locked) -> s.entries().update(new EntryUpdate(locked.key(), "{\"n\":2}",
                        OptionalLong.of(locked.version()), T0.plusSeconds(1))),
                s -> s.entries().lock(row.key()).orElseThrow());
        assertThat(seen.version()).isEqualTo(2);
        assertThat(seen.dataJson().replace(" ", "")).isEqualTo("{\"n\":2}");
    }

    /** The same for a schedule: a second run applying it waits for the first, then finds it as the first left it. */
    @Test
    void aLockedScheduleWaitsForTheWriteThatHoldsIt() throws Exception {
        ContentTypeRecord type = createType(unique("slock"));
        insert(type, "s1", "{}");
        storage.write(s -> {
            s.schedules().put(new ScheduleStore.EntrySchedule(type.id(), "s1", "en", T0, null, T0));
            return null;
        });
        Optional<ScheduleStore.EntrySchedule> seen = secondLockWaitsForFirst(
                s -> s.schedules().lock(type.id(), "s1", "en").orElseThrow(),
                (s, locked) -> s.schedules().delete(type.id(), "s1", "en"),
                s -> s.schedules().lock(type.id(), "s1", "en"));
        assertThat(seen).isEmpty();
    }

    /**
     * Runs {@code first} (lock, then change after the second has started) and {@code second} in two writes at once, and
     * returns what {@code second} saw: it must not finish while {@code first} holds its lock.
     */
    private <L, S> S secondLockWaitsForFirst(Storage.UnitOfWork<L> lock,
            java.util.function.BiFunction<StorageSession, L, ?> change, Storage.UnitOfWork<S> second)
            throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Object> first = threads.submit(() -> storage.write(s -> {
                L locked = lock.run(s);
                held.countDown();
                awaitQuietly(release);
                return change.apply(s, locked);
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            Future<S> waiting = threads.submit(() -> storage.write(second));
            Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> !waiting.isDone());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            return waiting.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void filtersReachThroughRelationsBothWays() {
        ContentTypeRecord books = createType(unique("fbook"));
        ContentTypeRecord authors = createType(unique("fauthor"));
        insert(authors, "ann", "{\"name\":\"Ann\"}");
        insert(authors, "bob", "{\"name\":\"Bob\"}");
        EntryRecord b1 = insert(books, "b1", "{}");
        EntryRecord b2 = insert(books, "b2", "{}");
        storage.write(s -> {
            s.relations().setLinks(b1.id(), "author", List.of(new RelationStore.DocumentRef(authors.id(), "ann")));
            s.relations().setLinks(b2.id(), "author", List.of(new RelationStore.DocumentRef(authors.id(), "bob")));
            return null;
        });
        Condition nameIsAnn = cmp("name", ValueType.TEXT, Condition.Operator.EQ, "Ann' OR '1'='1");
        Condition ann = cmp("name", ValueType.TEXT, Condition.Operator.EQ, "Ann");

        assertThat(matching(books, new Condition.Related("author", authors.id(), false, "en", EntryStatus.PUBLISHED,
                ann))).containsExactly("b1");
        assertThat(matching(books, new Condition.Related("author", authors.id(), false, "en", EntryStatus.PUBLISHED,
                nameIsAnn))).isEmpty();
        assertThat(matching(books, new Condition.Not(new Condition.Related("author", authors.id(), false, "en",
                EntryStatus.PUBLISHED, ann)))).containsExactly("b2");
        // from the author's side: authors that some book links to through "author", where the book is b2
        assertThat(matching(authors, new Condition.Related("author", books.id(), true, "en", EntryStatus.PUBLISHED,
                cmp("documentId", ValueType.TEXT, Condition.Operator.EQ, "b2")))).containsExactly("bob");
    }

    private List<String> links(EntryRecord entry, String field) {
        return storage.read(s -> s.relations().links(List.of(entry.id()), field)).stream()
                .map(RelationStore.Link::targetDocumentId).toList();
    }
}
