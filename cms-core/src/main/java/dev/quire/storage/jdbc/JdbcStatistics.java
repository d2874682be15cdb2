package dev.quire.storage.jdbc;

import java.util.concurrent.atomic.LongAdder;

/** Counts the SQL statements the shared stores run, for metrics and for tests that bound queries per request. */
public final class JdbcStatistics {

    private static final LongAdder STATEMENTS = new LongAdder();

    private JdbcStatistics() {
    }

    static void statementRan() {
        STATEMENTS.increment();
    }

    /** Statements run by this JVM's stores since start. */
    public static long statements() {
        return STATEMENTS.sum();
    }
}
