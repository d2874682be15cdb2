package dev.quire.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.quire.storage.jdbc.JdbcSession;
import dev.quire.storage.jdbc.JdbcStatistics;
import dev.quire.storage.spi.AuditStore;
import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.DomainEventRecord;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.IndexedField;
import dev.quire.storage.spi.NewDomainEvent;
import dev.quire.storage.spi.NewEntry;
import dev.quire.storage.spi.SortKey.ValueType;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageContract;
import dev.quire.storage.spi.WebhookStore;

/** The storage contract on the test PostgreSQL server, in a database created for this run. */
class PostgresStorageContractTest extends StorageContract {

    private PostgresTestDatabase database;

    @Override
    protected Storage openEmptyStorage() {
        database = PostgresTestDatabase.create("contract");
        return PostgresStorage.open(database.settings());
    }

    @Override
    protected void analyze() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", PostgresTestDatabase.user());
        try (var c = new org.postgresql.Driver().connect(database.jdbcUrl(), p); var st = c.createStatement()) {
            st.execute("ANALYZE entry");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A list's page size, and the offset of its first page, reach PostgreSQL as numbers ({@link PostgresDialect#page}):
     * with parameters for them, PostgreSQL planned this list afresh on every run (here, 8 plans made for the values and
     * none kept), for longer than the run took. Runs a filtered list through the stores on a connection of the test's
     * own, as often as the driver takes to prepare it on the server and PostgreSQL takes to settle on a plan, then
     * reads that connection's prepared statements: the driver prepares the statement on its fifth run, and PostgreSQL
     * plans it for the values of its first five runs there and keeps a plan from the sixth.
     */
    @Test
    void aFilteredListKeepsItsPlan() throws SQLException {
        ContentTypeRecord type = createType(unique("planned"), new IndexedField("slug", false, ValueType.TEXT));
        insert(type, "p1", "{\"slug\":\"one\"}");
        insert(type, "p2", "{\"slug\":\"two\"}");
        analyze();
        EntryQuery bySlug = new EntryQuery(type.id(), "en", EntryStatus.PUBLISHED,
                new Condition.Compare("slug", ValueType.TEXT, Condition.Operator.EQ, List.of("two")), List.of(), 0, 25,
                false);
        try (Connection c = database.connect()) {
            JdbcSession session = new JdbcSession(c, new PostgresDialect(), false);
            for (int run = 1; run <= 12; run++) {
                assertThat(session.entries().list(bySlug).items()).extracting(EntryRecord::documentId)
                        .containsExactly("p2");
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT custom_plans, generic_plans FROM pg_prepared_statements"
                            + " WHERE statement LIKE '%FROM entry e WHERE%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getLong(1), rs.getLong(2))).containsExactly(5L, 3L);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    /**
     * The warning logged at start says whether the server maintains its tables: it names the settings when either is
     * off, and is absent when both are on. This machine's server may run either way, so the test reads them itself.
     */
    @Test
    void theStartWarnsWhenNothingGathersStatistics() throws SQLException {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            String autovacuum;
            try (ResultSet rs = st.executeQuery("SHOW autovacuum")) {
                rs.next();
                autovacuum = rs.getString(1);
            }
            st.execute("SET track_counts = on");
            assertThat(PostgresStorage.maintenanceWarning(c).isPresent()).isEqualTo(autovacuum.equals("off"));
            st.execute("SET track_counts = off");
            assertThat(PostgresStorage.maintenanceWarning(c)).hasValueSatisfying(w -> assertThat(w)
                    .startsWith("PostgreSQL runs with autovacuum = " + autovacuum + " and track_counts = off:")
                    .contains("VACUUM ANALYZE"));
        }
    }

    /**
     * A write that publishes the draft it has just written passes the row it holds ({@code EntryStore.publish} of a
     * record), and the store does not read the draft again: one statement fewer than publishing by key, with the same
     * published row.
     */
    @Test
    void publishingTheDraftInHandSkipsReadingItAgain() {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        ContentTypeRecord type = createType(unique("inhand"));
        EntryKey byKey = new EntryKey(type.id(), "k", "en", EntryStatus.DRAFT);
        EntryKey inHand = new EntryKey(type.id(), "h", "en", EntryStatus.DRAFT);
        long[] statements = new long[2];
        List<EntryRecord> published = new ArrayList<>();
        for (EntryKey draft : List.of(byKey, inHand)) {
            published.add(storage.write(s -> {
                EntryRecord written = s.entries().insert(new NewEntry(draft, "{\"title\":\"t\"}", now, null));
                long before = JdbcStatistics.statements();
                EntryRecord result = draft == byKey
                        ? s.entries().publish(draft, now)
                        : s.entries().publish(written, now);
                statements[draft == byKey ? 0 : 1] = JdbcStatistics.statements() - before;
                return result;
            }));
        }
        assertThat(statements[1]).isEqualTo(statements[0] - 1);
        for (EntryRecord p : published) {
            assertThat(p.status()).isEqualTo(EntryStatus.PUBLISHED);
            assertThat(p.publishedAt()).isEqualTo(now);
            assertThat(p.version()).isEqualTo(1);
            assertThat(p.dataJson()).isEqualTo("{\"title\": \"t\"}");
        }
    }

    /**
     * The rows a create adds reach PostgreSQL in two statements, each one round trip: the document with its entry (and
     * the check that the type is still as seen), and the event with its deliveries and its audit entry.
     */
    @Test
    void aCreatesRowsGoInTwoStatements() throws SQLException {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        ContentTypeRecord type = createType(unique("trip"));
        WebhookStore.WebhookRecord hook = storage.write(s -> s.webhooks().create(new WebhookStore.WebhookDefinition(
                unique("wh"), "http://127.0.0.1:9/x", "[\"entry.create\"]", null, "{}", true),
                "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", now));

        long before = JdbcStatistics.statements();
        DomainEventRecord event = storage.write(s -> {
            s.entries().insertAtTypeVersion(new NewEntry(key(type, "doc1"), "{\"title\":\"t\"}", now, now),
                    type.version());
            return s.events().append(new NewDomainEvent("entry.create", type.uid(), "doc1", "en", "{}", now),
                    new AuditStore.AuditEntry(now, "user", 7, "editor@example.com", "entry.create",
                            type.uid() + "/doc1", "127.0.0.1", "success"));
        });
        assertThat(JdbcStatistics.statements() - before).isEqualTo(2);

        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM document WHERE content_type_id = " + type.id()
                    + " AND document_id = 'doc1'")).isEqualTo(1);
            assertThat(count(st, "SELECT COUNT(*) FROM entry WHERE content_type_id = " + type.id()
                    + " AND document_id = 'doc1'")).isEqualTo(1);
            assertThat(count(st, "SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = " + hook.id()
                    + " AND event_id = " + event.id() + " AND order_key = '" + type.uid() + "/doc1'")).isEqualTo(1);
            assertThat(count(st, "SELECT COUNT(*) FROM audit_log WHERE actor_id = 7 AND action = 'entry.create'"
                    + " AND target = '" + type.uid() + "/doc1' AND outcome = 'success'")).isEqualTo(1);
        }
        storage.write(s -> s.webhooks().delete(hook.id()));
    }

    /**
     * An event appended at commit reaches PostgreSQL with the {@code COMMIT}, in one round trip: a create is then two
     * statements and no {@code COMMIT} of its own, and is committed when the write returns.
     */
    @Test
    void anEventAppendedAtCommitGoesWithTheCommit() throws SQLException {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");
        ContentTypeRecord type = createType(unique("fused"));
        long statements = JdbcStatistics.statements();
        long commits = JdbcStatistics.separateCommits();
        storage.write(s -> {
            s.entries().insertAtTypeVersion(new NewEntry(key(type, "doc1"), "{}", now, now), type.version());
            s.events().appendAtCommit(new NewDomainEvent("entry.create", type.uid(), "doc1", "en", "{}", now),
                    new AuditStore.AuditEntry(now, "user", 8, "fused@example.com", "entry.create",
                            type.uid() + "/doc1", "127.0.0.1", "success"));
            return null;
        });
        assertThat(JdbcStatistics.statements() - statements).isEqualTo(2);
        assertThat(JdbcStatistics.separateCommits() - commits).isZero();
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT COUNT(*) FROM entry WHERE content_type_id = " + type.id())).isEqualTo(1);
            assertThat(count(st, "SELECT COUNT(*) FROM domain_event WHERE model = '" + type.uid() + "'"))
                    .isEqualTo(1);
            assertThat(count(st, "SELECT COUNT(*) FROM audit_log WHERE actor_label = 'fused@example.com'"))
                    .isEqualTo(1);
        }

        storage.write(s -> s.events().append(new NewDomainEvent("entry.update", type.uid(), "doc1", "en", "{}", now)));
        assertThat(JdbcStatistics.separateCommits() - commits).as("an event appended at once").isEqualTo(1);
    }

    private static long count(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    protected void dropDatabase() {
        database.close();
    }
}
