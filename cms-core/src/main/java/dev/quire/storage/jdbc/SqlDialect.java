package dev.quire.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.EntryStore;
import dev.quire.storage.spi.IndexedField;
import dev.quire.storage.spi.SortKey.ValueType;

/**
 * What differs between databases in the SQL the shared stores run. Identifiers passed in are checked by
 * {@link SqlIdentifiers} before they reach an implementation.
 */
public interface SqlDialect {

    /** The placeholder that binds a JSON text parameter to a JSON column. */
    String jsonParameter();

    /** The expression that reads a JSON column back as text. */
    String jsonText(String column);

    /**
     * The expression that extracts one top-level attribute of the JSON {@code column} (such as {@code data} or
     * {@code e.data}), typed for comparison.
     */
    String jsonAttribute(String column, String attribute, ValueType type);

    /**
     * The 1-based position of {@code needle} in {@code haystack}, 0 when absent: SQL's {@code instr}/{@code strpos}.
     */
    String position(String haystack, String needle);

    /** {@code query} prefixed so that the database returns its plan instead of rows. */
    String explain(String query);

    /** Binds a number so that it compares as a number with the values {@link #jsonAttribute} extracts. */
    void setNumber(PreparedStatement statement, int index, java.math.BigDecimal value) throws SQLException;

    void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException;

    Instant getInstant(ResultSet row, String column) throws SQLException;

    /** The name of the unique constraint or index {@code e} reports as violated, if it is a unique violation. */
    Optional<String> violatedUniqueIndex(SQLException e);

    /**
     * DDL creating an expression index named {@code indexName} over one attribute of one content type's entries:
     * partial on the content type, keyed (locale, status, value) and, when not unique, id. Null values sort first
     * ascending, as in {@link EntryStore#list}'s order, so the index serves equality, ranges and sorting.
     */
    String createEntryIndex(String indexName, long contentTypeId, IndexedField field);

    String dropIndex(String indexName);

    /** A predicate true when the JSON array in {@code column} holds the string bound to its one {@code ?}. */
    String jsonArrayContains(String column);

    /** An expression giving a fresh random webhook message id, {@code msg_} and 32 hex digits, per row. */
    String randomMessageId();

    /**
     * The clause that ends a claiming {@code SELECT} so that concurrent claimers skip the rows it returns: row locks
     * skipped by others where the database has them, nothing where a single writer already serialises claims.
     */
    String claimLock(String alias);

    /**
     * The clause that ends a {@code SELECT} of rows a write is about to change, holding them until its transaction
     * ends: a row lock where writers run concurrently, nothing where the single writer holds the database's write lock
     * already.
     */
    String rowLock();

    /**
     * The statement that, run first in a read transaction, makes every later statement of it see one snapshot; empty
     * where a read transaction is a snapshot already.
     */
    String snapshotReads();

    /**
     * The statement that moves the id counter of {@code table} past its highest id after rows were inserted with their
     * ids; empty where inserting an id moves the counter already.
     */
    String resetIdentity(String table);

    /**
     * The statement that stops the {@code entry_count} triggers for the rest of the transaction, before a bulk load
     * that {@link #recountEntries()} ends; empty where the triggers cost nothing extra in bulk.
     */
    default String suspendEntryCounts() {
        return "";
    }

    /**
     * Whether a statement may insert in its {@code WITH} clause as well as in its body: then rows a write always adds
     * together go to the database in one statement, one round trip instead of several.
     */
    boolean insertsInWith();

    /**
     * Whether the driver sends statements joined by {@code ;} in one round trip, in order, stopping at the first that
     * fails: then a transaction's last statement and its {@code COMMIT} go together ({@link Sql#atCommit}).
     */
    boolean commitsWithStatement();

    /**
     * The end of a list's statement that takes its page, {@code limit} rows after the first {@code offset}: by default
     * {@code LIMIT ? OFFSET ?}, whose two values it adds to {@code params}.
     */
    default String page(int limit, long offset, List<Object> params) {
        params.add(limit);
        params.add(offset);
        return " LIMIT ? OFFSET ?";
    }

    /** The statements that rebuild {@code entry_count} from the entries, after a bulk load. */
    List<String> recountEntries();
}
