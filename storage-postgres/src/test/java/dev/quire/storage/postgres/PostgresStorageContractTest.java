package dev.quire.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.quire.storage.jdbc.JdbcStatistics;
import dev.quire.storage.spi.AuditStore;
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.DomainEventRecord;
import dev.quire.storage.spi.NewDomainEvent;
import dev.quire.storage.spi.NewEntry;
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
