package dev.quire.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one physical connection, kept for reuse, least recently used first out.
 * <p>
 * SQLite compiles a statement each time it is prepared, and the JDBC driver has no cache of its own; compiling cost the
 * single writer about as much as running the statements did. PostgreSQL's driver keeps server-side prepared statements
 * by itself, so only SQLite connections get one of these. Not thread-safe: a cache belongs to the connection, and a
 * connection serves one unit of work at a time.
 */
public final class StatementCache implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements;

    public StatementCache(Connection connection, int capacity) {
        this.connection = connection;
        this.statements = new LinkedHashMap<>(capacity * 2, 0.75f, true) {

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };
    }

    /**
     * A statement for {@code sql}, prepared now or earlier, with the parameters of its last run still bound: the caller
     * binds every parameter anew. Clearing them would cost more than it saves: SQLite recompiles a statement whose plan
     * depends on a parameter (one passed to {@code json_each}, say) when its bindings are cleared, four times the cost
     * of running it. Do not close it.
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Runs a statement without parameters or results, such as {@code COMMIT}. */
    public void execute(String sql) throws SQLException {
        prepare(sql).execute();
    }

    @Override
    public void close() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // the statement dies with its connection anyway
        }
    }
}
