package dev.quire.storage.sqlite;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import dev.quire.storage.jdbc.SqlDialect;
import dev.quire.storage.spi.IndexedField;
import dev.quire.storage.spi.SortKey.ValueType;

/** SQLite: JSON as checked TEXT read with the JSON1 functions, instants as epoch milliseconds. */
final class SqliteDialect implements SqlDialect {

    private static final BigDecimal LONG_LIMIT = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final Pattern INDEX_NAME = Pattern.compile("index '([^']+)'");
    private static final Pattern COLUMNS = Pattern.compile("constraint failed: ([^)]+)");

    @Override
    public String jsonParameter() {
        return "?";
    }

    @Override
    public String jsonText(String column) {
        return column;
    }

    @Override
    public String jsonAttribute(String column, String attribute, ValueType type) {
        // json_extract returns SQL numbers for JSON numbers and 0/1 for booleans, so one form compares right for all
        return "json_extract(" + column + ", '$." + attribute + "')";
    }

    @Override
    public String position(String haystack, String needle) {
        return "instr(" + haystack + ", " + needle + ")";
    }

    @Override
    public String explain(String query) {
        return "EXPLAIN QUERY PLAN " + query;
    }

    @Override
    public void setNumber(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        // sqlite-jdbc binds a BigDecimal as text, which never equals the number json_extract returns
        if (value.stripTrailingZeros().scale() <= 0 && value.abs().compareTo(LONG_LIMIT) < 0) {
            statement.setLong(index, value.longValueExact());
        } else {
            statement.setDouble(index, value.doubleValue());
        }
    }

    @Override
    public void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, value.toEpochMilli());
        }
    }

    @Override
    public Instant getInstant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public Optional<String> violatedUniqueIndex(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)
                || (sqlite.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        && sqlite.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
            return Optional.empty();
        }
        String message = String.valueOf(e.getMessage());
        Matcher index = INDEX_NAME.matcher(message);
        if (index.find()) {
            return Optional.of(index.group(1));
        }
        Matcher columns = COLUMNS.matcher(message);
        return Optional.of(columns.find() ? columns.group(1) : "unique");
    }

    @Override
    public String createEntryIndex(String indexName, long contentTypeId, IndexedField field) {
        // SQLite sorts nulls first in ascending order already
        return "CREATE " + (field.unique() ? "UNIQUE " : "") + "INDEX \"" + indexName + "\" ON entry (locale, status, "
                + jsonAttribute("data", field.name(), field.valueType()) + (field.unique() ? "" : ", id")
                + ") WHERE content_type_id = " + contentTypeId;
    }

    @Override
    public String dropIndex(String indexName) {
        return "DROP INDEX IF EXISTS \"" + indexName + "\"";
    }

    @Override
    public String jsonArrayContains(String column) {
        return "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE value = ?)";
    }

    /**
     * SQLite's {@code WITH} holds queries only; and on the same thread as the caller a statement costs no round trip.
     */
    @Override
    public boolean insertsInWith() {
        return false;
    }

    /** Nothing to save: a statement costs no round trip, and the writer commits a batch of writes at once. */
    @Override
    public boolean commitsWithStatement() {
        return false;
    }

    @Override
    public String randomMessageId() {
        return "'msg_' || lower(hex(randomblob(16)))";
    }

    /** Claims run on the single writer connection, one at a time; there is nothing to skip. */
    @Override
    public String claimLock(String alias) {
        return "";
    }

    /** A write runs on the single writer connection inside {@code BEGIN IMMEDIATE}: no other write can start. */
    @Override
    public String rowLock() {
        return "";
    }

    /** A read transaction in WAL mode reads one snapshot from its first statement to its end. */
    @Override
    public String snapshotReads() {
        return "";
    }

    /** AUTOINCREMENT keeps the largest id ever inserted, explicit ones included. */
    @Override
    public String resetIdentity(String table) {
        return "";
    }

    @Override
    public List<String> recountEntries() {
        return List.of("DELETE FROM entry_count",
                "INSERT INTO entry_count (content_type_id, locale, status, n)"
                        + " SELECT content_type_id, locale, status, COUNT(*) FROM entry GROUP BY content_type_id, locale, status");
    }
}
