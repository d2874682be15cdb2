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
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(new JdbcSession(connection, dialect, writable));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
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
