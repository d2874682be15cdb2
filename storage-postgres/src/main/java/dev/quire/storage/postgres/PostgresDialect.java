package dev.quire.storage.postgres;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.quire.storage.jdbc.SqlDialect;
import dev.quire.storage.spi.IndexedField;
import dev.quire.storage.spi.SortKey.ValueType;

/** PostgreSQL: JSON as {@code jsonb}, instants as {@code timestamptz}. */
final class PostgresDialect implements SqlDialect {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public String jsonParameter() {
        return "CAST(? AS jsonb)";
    }

    @Override
    public String jsonText(String column) {
        return column + "::text";
    }

    @Override
    public String jsonAttribute(String column, String attribute, ValueType type) {
        String text = "(" + column + "->>'" + attribute + "')";
        return switch (type) {
            case TEXT -> text;
            case NUMBER -> "(" + text + "::numeric)";
            case BOOLEAN -> "(" + text + "::boolean)";
        };
    }

    @Override
    public String position(String haystack, String needle) {
        return "strpos(" + haystack + ", " + needle + ")";
    }

    @Override
    public String explain(String query) {
        return "EXPLAIN " + query;
    }

    @Override
    public void setNumber(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        statement.setBigDecimal(index, value);
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            // milliseconds, as SQLite keeps them, so that the same data reads back the same from either kind
            statement.setObject(index, OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public Optional<String> violatedUniqueIndex(SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return Optional.empty();
        }
        ServerErrorMessage detail = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return Optional.of(detail != null && detail.getConstraint() != null ? detail.getConstraint() : "unique");
    }

    @Override
    public String createEntryIndex(String indexName, long contentTypeId, IndexedField field) {
        return "CREATE " + (field.unique() ? "UNIQUE " : "") + "INDEX \"" + indexName + "\" ON entry (locale, status, "
                + jsonAttribute("data", field.name(), field.valueType()) + " NULLS FIRST"
                + (field.unique() ? "" : ", id")
                + ") WHERE content_type_id = " + contentTypeId;
    }

    @Override
    public String dropIndex(String indexName) {
        return "DROP INDEX IF EXISTS \"" + indexName + "\"";
    }

    @Override
    public String jsonArrayContains(String column) {
        return column + " @> jsonb_build_array(CAST(? AS text))";
    }

    @Override
    public boolean insertsInWith() {
        return true;
    }

    /**
     * The driver parses statements joined by {@code ;} apart and sends them with one Sync; the server skips the rest
     * after an error, so a failed statement leaves the {@code COMMIT} after it unrun.
     */
    @Override
    public boolean commitsWithStatement() {
        return true;
    }

    @Override
    public String randomMessageId() {
        return "'msg_' || replace(CAST(gen_random_uuid() AS text), '-', '')";
    }

    @Override
    public String claimLock(String alias) {
        return " FOR UPDATE OF " + alias + " SKIP LOCKED";
    }

    /**
     * A concurrent write of the row waits for this transaction; at READ COMMITTED the lock, once granted after such a
     * wait, returns the row as that write left it.
     */
    @Override
    public String rowLock() {
        return " FOR UPDATE";
    }

    @Override
    public String snapshotReads() {
        return "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    }

    @Override
    public String resetIdentity(String table) {
        return "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM "
                + table;
    }

    /**
     * The limit, and an offset of 0, as numbers. Given a parameter for either, PostgreSQL prices the plan it could keep
     * for a prepared statement as if the statement read a tenth of the rows, and may find it dearer than one made for
     * the values at hand; it then plans the list afresh on every run, for longer than the run takes (56 against 37 µs
     * in {@code pg_stat_statements}). It did so for lists without their total and for two of the three filtered lists
     * measured, one of them a front-end's kind of look-up, a document by an attribute's value. With numbers it keeps a
     * plan from the sixth run on the server (PostgresStorageContractTest). A later page's offset stays a parameter, so
     * that paging through a long list does not fill the driver's statement cache with a statement per page.
     */
    @Override
    public String page(int limit, long offset, List<Object> params) {
        if (offset != 0) {
            params.add(offset);
            return " LIMIT " + limit + " OFFSET ?";
        }
        return " LIMIT " + limit;
    }

    /** See migration V8: a bulk load row by row would make every counter update walk a longer version chain. */
    @Override
    public String suspendEntryCounts() {
        return "SET LOCAL quire.entry_counts = 'off'";
    }

    @Override
    public List<String> recountEntries() {
        return List.of("DELETE FROM entry_count", "INSERT INTO entry_count (content_type_id, locale, status,"
                + " shard, n) SELECT content_type_id, locale, status, 0, COUNT(*) FROM entry"
                + " GROUP BY content_type_id, locale, status", "SET LOCAL quire.entry_counts = 'on'");
    }
}
