package dev.quire.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.NameTaken;
import dev.quire.storage.spi.StorageFailure;

/**
 * A connection, its dialect and whether it may write, with the small amount of JDBC plumbing every store repeats:
 * binding parameters, mapping rows and turning {@link SQLException} into storage exceptions.
 */
final class Sql {

    final Connection connection;
    final SqlDialect dialect;
    private final boolean writable;
    private final StatementCache statements;
    private final CountCache.View counts;
    private final boolean autoCommitted;
    private boolean accessChanged;
    private StringBuilder atCommit;
    private Object[] atCommitParams;

    /**
     * @param autoCommitted
     *            the connection runs each statement on its own until a store needs a transaction
     *            ({@link #requireTransaction}); false when the unit of work already runs in one
     */
    Sql(Connection connection, SqlDialect dialect, boolean writable, StatementCache statements,
            CountCache.View counts, boolean autoCommitted) {
        this.connection = connection;
        this.dialect = dialect;
        this.writable = writable;
        this.statements = statements;
        this.counts = counts;
        this.autoCommitted = autoCommitted;
    }

    /**
     * Makes sure the statements from here on share one transaction: for a snapshot over several statements, and for a
     * result set streamed in batches, which the PostgreSQL driver does only inside a transaction.
     */
    void requireTransaction() {
        try {
            if (autoCommitted && connection.getAutoCommit()) {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw unexpected(e);
        }
    }

    /**
     * Records that this unit of work changed users, sessions, API tokens or roles: caches of them must not outlive its
     * commit.
     */
    void accessChanged() {
        accessChanged = true;
    }

    boolean changedAccess() {
        return accessChanged;
    }

    void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("a store was asked to write inside a read-only unit of work");
        }
    }

    @FunctionalInterface
    interface RowMapper<T> {

        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface SqlFailure {

        RuntimeException translate(SQLException e);
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        PreparedStatement ps = null;
        try {
            ps = prepare(sql);
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw unexpected(e);
        } finally {
            release(ps);
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    long queryLong(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /** A {@code SELECT COUNT(*)}, answered from the count cache when this read may use it. */
    long count(String sql, Object... params) {
        return counts == null ? queryLong(sql, params) : counts.count(sql, params, () -> queryLong(sql, params));
    }

    /** The parameters of two statements joined into one, {@code first}'s before {@code second}'s. */
    static Object[] joined(Object[] first, Object[] second) {
        Object[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * Runs {@code sql} when the transaction commits, after every other statement of the unit of work, in the round trip
     * of its {@code COMMIT} ({@link SqlDialect#commitsWithStatement}): for a write that nothing in the unit reads back.
     * Should it fail, the commit fails, and the unit's other changes are rolled back with it.
     */
    void atCommit(String sql, Object... params) {
        requireWritable();
        if (!dialect.commitsWithStatement()) {
            throw new IllegalStateException("this database takes no statement with its COMMIT");
        }
        if (atCommit == null) {
            atCommit = new StringBuilder();
            atCommitParams = params;
        } else {
            atCommitParams = joined(atCommitParams, params);
        }
        atCommit.append(sql).append("; ");
    }

    /**
     * Commits the unit of work's transaction, with the statements left for its commit ({@link #atCommit}) in the same
     * round trip when there are any.
     */
    void commit() throws SQLException {
        if (atCommit == null) {
            JdbcStatistics.commitRan();
            connection.commit();
            return;
        }
        String statements = atCommit.append("COMMIT").toString();
        Object[] params = atCommitParams;
        atCommit = null;
        atCommitParams = null;
        PreparedStatement ps = null;
        try {
            ps = prepare(statements);
            bind(ps, params);
            ps.execute();
        } finally {
            release(ps);
        }
    }

    /** Runs a mutation; {@code failure} may turn expected SQL errors into typed ones. */
    int update(String sql, SqlFailure failure, Object... params) {
        requireWritable();
        PreparedStatement ps = null;
        try {
            ps = prepare(sql);
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure.translate(e);
        } finally {
            release(ps);
        }
    }

    /** Runs an {@code INSERT ... RETURNING id} and returns the id. */
    long insertReturningId(String sql, SqlFailure failure, Object... params) {
        return insertReturning(sql, rs -> rs.getLong(1), failure, params);
    }

    /** Runs an {@code INSERT ... RETURNING} of one row and maps the row it returns. */
    <T> T insertReturning(String sql, RowMapper<T> mapper, SqlFailure failure, Object... params) {
        return writeReturning(sql, mapper, failure, params)
                .orElseThrow(() -> new StorageFailure("an INSERT ... RETURNING returned no row", null));
    }

    /**
     * Runs an {@code INSERT ... RETURNING} or {@code UPDATE ... RETURNING} of at most one row and maps the row it
     * returns, if any: an {@code INSERT ... SELECT} or an {@code UPDATE} whose condition matched nothing gives none.
     */
    <T> Optional<T> writeReturning(String sql, RowMapper<T> mapper, SqlFailure failure, Object... params) {
        requireWritable();
        PreparedStatement ps = null;
        try {
            ps = prepare(sql);
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure.translate(e);
        } finally {
            release(ps);
        }
    }

    void execute(String ddl, SqlFailure failure) {
        requireWritable();
        JdbcStatistics.statementRan();
        try (Statement st = connection.createStatement()) {
            st.execute(ddl);
        } catch (SQLException e) {
            throw failure.translate(e);
        }
    }

    /** The connection's cached statement for {@code sql}, or a new one that {@link #release} closes. */
    private PreparedStatement prepare(String sql) throws SQLException {
        return statements != null ? statements.prepare(sql) : connection.prepareStatement(sql);
    }

    private void release(PreparedStatement ps) {
        if (ps == null || statements != null) {
            return;
        }
        try {
            ps.close();
        } catch (SQLException e) {
            throw unexpected(e);
        }
    }

    private void bind(PreparedStatement ps, Object... params) throws SQLException {
        JdbcStatistics.statementRan();
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                dialect.setInstant(ps, i + 1, instant);
            } else if (p instanceof java.math.BigDecimal number) {
                dialect.setNumber(ps, i + 1, number);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    /** Translates a unique violation into {@link NameTaken} for {@code name}, anything else as unexpected. */
    SqlFailure nameTaken(String name) {
        return e -> dialect.violatedUniqueIndex(e).<RuntimeException>map(i -> new NameTaken(name))
                .orElseGet(() -> unexpected(e));
    }

    RuntimeException unexpected(SQLException e) {
        return new StorageFailure("unexpected database error (SQLState " + e.getSQLState() + ")", e);
    }
}
