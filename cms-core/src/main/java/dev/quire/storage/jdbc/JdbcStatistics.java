package dev.quire.storage.jdbc;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the SQL statements the shared stores run on behalf of requests, for tests that bound queries per request.
 * Background workers (the webhook dispatcher, for one) mark their threads so that their polling does not blur the
 * count.
 */
public final class JdbcStatistics {

    private static final LongAdder STATEMENTS = new LongAdder();
    private static final LongAdder COMMITS = new LongAdder();
    private static final ThreadLocal<Boolean> BACKGROUND = ThreadLocal.withInitial(() -> false);

    private JdbcStatistics() {
    }

    static void statementRan() {
        if (!BACKGROUND.get()) {
            STATEMENTS.increment();
        }
    }

    static void commitRan() {
        if (!BACKGROUND.get()) {
            COMMITS.increment();
        }
    }

    /** Leaves the statements this thread runs from now on out of the count. */
    public static void backgroundThread() {
        BACKGROUND.set(true);
    }

    /** Whether this thread's statements are left out of the count. */
    public static boolean isBackgroundThread() {
        return BACKGROUND.get();
    }

    /**
     * Counts (or not) this thread's statements as those of another thread; a writer thread running work queued by a
     * background thread uses it.
     */
    public static void countAs(boolean background) {
        BACKGROUND.set(background);
    }

    /**
     * Runs {@code work} with its statements left out of the count: reading a request's credentials, which a cache may
     * or may not save, and which has a count of its own ({@code quire.access.lookups}).
     */
    public static <T> T apart(java.util.function.Supplier<T> work) {
        boolean background = BACKGROUND.get();
        BACKGROUND.set(true);
        try {
            return work.get();
        } finally {
            BACKGROUND.set(background);
        }
    }

    /** Statements run by this JVM's stores since start. */
    public static long statements() {
        return STATEMENTS.sum();
    }

    /**
     * {@code COMMIT}s sent on their own, in a round trip of their own, by units of work that {@link JdbcTransactions}
     * ran, since start; one sent with a statement ({@link Sql#atCommit}) is not counted.
     */
    public static long separateCommits() {
        return COMMITS.sum();
    }
}
