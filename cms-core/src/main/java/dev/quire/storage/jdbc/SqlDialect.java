package dev.quire.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

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

    /** The expression that extracts one top-level attribute of the JSON column {@code data}, typed for comparison. */
    String jsonAttribute(String attribute, ValueType type);

    void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException;

    Instant getInstant(ResultSet row, String column) throws SQLException;

    /** The name of the unique constraint or index {@code e} reports as violated, if it is a unique violation. */
    Optional<String> violatedUniqueIndex(SQLException e);

    /** DDL creating an expression index named {@code indexName} over one attribute of one content type's entries. */
    String createEntryIndex(String indexName, long contentTypeId, IndexedField field);

    String dropIndex(String indexName);
}
