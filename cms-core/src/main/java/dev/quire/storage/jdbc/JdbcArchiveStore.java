package dev.quire.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.quire.storage.spi.ArchiveStore;
import dev.quire.storage.spi.ArchiveTable;
import dev.quire.storage.spi.ArchiveTable.Column;
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.IndexedField;

/** Whole tables through plain JDBC: one streaming {@code SELECT} per table, batched {@code INSERT}s. */
final class JdbcArchiveStore implements ArchiveStore {

    private static final int FETCH_SIZE = 1_000;

    private final Sql sql;

    JdbcArchiveStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void beginSnapshot() {
        sql.requireTransaction();
        String statement = sql.dialect.snapshotReads();
        if (!statement.isEmpty()) {
            try (Statement st = sql.connection.createStatement()) {
                JdbcStatistics.statementRan();
                st.execute(statement);
            } catch (SQLException e) {
                throw sql.unexpected(e);
            }
        }
    }

    @Override
    public String schemaVersion() {
        return sql.query("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank DESC", rs -> rs.getString(1)).stream().findFirst().orElse("none");
    }

    @Override
    public long count(ArchiveTable table) {
        return sql.queryLong("SELECT COUNT(*) FROM " + table.name());
    }

    @Override
    public void scan(ArchiveTable table, Consumer<Object[]> rows) {
        String select = table.columns().stream()
                .map(c -> (c.type() == ArchiveTable.Type.JSON ? sql.dialect.jsonText(quoted(c)) : quoted(c))
                        + " AS " + quoted(c))
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + table.name() + " ORDER BY "))
                + table.key().stream().map(k -> '"' + k + '"').collect(Collectors.joining(", "));
        sql.requireTransaction();
        JdbcStatistics.statementRan();
        try (PreparedStatement ps = sql.connection.prepareStatement(select)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                List<Column> columns = table.columns();
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = read(rs, i + 1, columns.get(i));
                    }
                    rows.accept(row);
                }
            }
        } catch (SQLException e) {
            throw sql.unexpected(e);
        }
    }

    private Object read(ResultSet rs, int index, Column column) throws SQLException {
        return switch (column.type()) {
            case LONG -> {
                long value = rs.getLong(index);
                yield rs.wasNull() ? null : value;
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(index);
                yield rs.wasNull() ? null : value;
            }
            case INSTANT -> sql.dialect.getInstant(rs, column.name());
            case TEXT, JSON -> rs.getString(index);
        };
    }

    @Override
    public void insert(ArchiveTable table, List<Object[]> rows) {
        sql.requireWritable();
        sql.accessChanged();
        if (rows.isEmpty()) {
            return;
        }
        if (table == ArchiveTable.ENTRY) {
            suspendEntryCounts();
        }
        String insert = "INSERT INTO " + table.name() + " ("
                + table.columns().stream().map(JdbcArchiveStore::quoted).collect(Collectors.joining(", "))
                + ") VALUES ("
                + table.columns().stream().map(c -> c.type() == ArchiveTable.Type.JSON
                        ? sql.dialect.jsonParameter()
                        : "?").collect(Collectors.joining(", "))
                + ")";
        JdbcStatistics.statementRan();
        try (PreparedStatement ps = sql.connection.prepareStatement(insert)) {
            List<Column> columns = table.columns();
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    bind(ps, i + 1, columns.get(i), row[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw sql.unexpected(e);
        }
    }

    private void bind(PreparedStatement ps, int index, Column column, Object value) throws SQLException {
        switch (column.type()) {
            case LONG -> {
                if (value == null) {
                    ps.setNull(index, Types.BIGINT);
                } else {
                    ps.setLong(index, (Long) value);
                }
            }
            case BOOLEAN -> {
                if (value == null) {
                    ps.setNull(index, Types.BOOLEAN);
                } else {
                    ps.setBoolean(index, (Boolean) value);
                }
            }
            case INSTANT -> sql.dialect.setInstant(ps, index, (Instant) value);
            case TEXT, JSON -> ps.setString(index, (String) value);
        }
    }

    @Override
    public void clear() {
        sql.requireWritable();
        sql.accessChanged();
        suspendEntryCounts();
        for (ContentTypeRecord type : contentTypes()) {
            for (IndexedField field : type.indexedFields()) {
                sql.execute(sql.dialect.dropIndex(SqlIdentifiers.entryIndex(type.id(), field.name(), field.unique())),
                        sql::unexpected);
            }
        }
        List<ArchiveTable> tables = ArchiveTable.ALL;
        for (int i = tables.size() - 1; i >= 0; i--) {
            sql.update("DELETE FROM " + tables.get(i).name(), sql::unexpected);
        }
    }

    @Override
    public void finishImport() {
        sql.requireWritable();
        for (ArchiveTable table : ArchiveTable.ALL) {
            String reset = table.identity() ? sql.dialect.resetIdentity(table.name()) : "";
            if (!reset.isEmpty()) {
                try (Statement st = sql.connection.createStatement()) {
                    JdbcStatistics.statementRan();
                    st.execute(reset);
                } catch (SQLException e) {
                    throw sql.unexpected(e);
                }
            }
        }
        for (ContentTypeRecord type : contentTypes()) {
            for (IndexedField field : type.indexedFields()) {
                String name = SqlIdentifiers.entryIndex(type.id(), field.name(), field.unique());
                sql.execute(sql.dialect.createEntryIndex(name, type.id(), field), sql::unexpected);
            }
        }
        for (String statement : sql.dialect.recountEntries()) {
            sql.execute(statement, sql::unexpected);
        }
    }

    /** Turns the per-statement counter triggers off for this transaction, which {@link #finishImport} recounts. */
    private void suspendEntryCounts() {
        String suspend = sql.dialect.suspendEntryCounts();
        if (!suspend.isEmpty()) {
            sql.execute(suspend, sql::unexpected);
        }
    }

    private List<ContentTypeRecord> contentTypes() {
        return new JdbcContentTypeStore(sql).list();
    }

    private static String quoted(Column column) {
        return '"' + column.name() + '"';
    }
}
