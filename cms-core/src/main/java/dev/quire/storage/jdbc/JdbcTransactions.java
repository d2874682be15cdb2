package dev.quire.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import dev.quire.storage.spi.Storage.UnitOfWork;
import dev.quire.storage.spi.StorageFailure;

/** Runs a unit of work in a JDBC transaction that the connection's driver begins and ends. */
public final class JdbcTransactions {

    private JdbcTransactions() {
    }

    /**
     * Runs {@code work} with auto-commit off, commits when it returns and rolls back when it throws. The connection's
     * auto-commit is restored afterwards.
     */
    public static <T> T run(Connection connection, SqlDialect dialect, boolean writable, UnitOfWork<T> work) {
        return run(connection, false, new JdbcSession(connection, dialect, writable), work);
    }

    /**
     * The same, and runs {@code afterAccessChange} once the transaction has committed if {@code work} changed users,
     * sessions, API tokens or roles ({@link dev.quire.storage.spi.AccessWatch}); before the write returns, so that its
     * caller's next request cannot find the old state in a cache.
     */
    public static <T> T run(Connection connection, SqlDialect dialect, UnitOfWork<T> work,
            Runnable afterAccessChange) {
        JdbcSession session = new JdbcSession(connection, dialect, true);
        T result = run(connection, false, session, work);
        if (session.changedAccess()) {
            afterAccessChange.run();
        }
        return result;
    }

    /**
     * Runs a read-only unit of work in auto-commit, each statement on its own. This is for a database whose reads run
     * at READ COMMITTED, where every statement takes its own snapshot anyway: a transaction around them would add a
     * {@code BEGIN} and a {@code COMMIT} round trip and nothing else. A unit that needs one snapshot for all its
     * statements ({@link dev.quire.storage.spi.ArchiveStore#beginSnapshot}) or streams a table gets a transaction from
     * that point on, which ends here. The connection's auto-commit is restored afterwards.
     */
    public static <T> T runStatements(Connection connection, SqlDialect dialect, UnitOfWork<T> work) {
        return run(connection, true, new JdbcSession(new Sql(connection, dialect, false, null, null, true)), work);
    }

    /** Ends the transaction {@code work} leaves open, if any: committed when it returns, rolled back when it throws. */
    private static <T> T run(Connection connection, boolean autoCommit, JdbcSession session, UnitOfWork<T> work) {
        try {
            connection.setAutoCommit(autoCommit);
            try {
                T result = work.run(session);
                if (!connection.getAutoCommit()) {
                    session.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                // a statement sent with the COMMIT that fails leaves the transaction open and aborted
                if (!connection.getAutoCommit()) {
                    rollbackQuietly(connection, e);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageFailure("could not begin or end a transaction (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
