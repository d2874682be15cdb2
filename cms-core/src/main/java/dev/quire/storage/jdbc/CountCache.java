package dev.quire.storage.jdbc;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Row counts of list queries, kept until the database next changes. Every page of a list carries its total, and
 * counting is the one part of a page whose cost grows with the table; a site that is read far more than it is edited
 * counts the same rows over and over.
 * <p>
 * Only a storage whose every commit passes through this process may keep one: SQLite's single writer does, PostgreSQL
 * (several instances, one database) does not. The writer brackets each commit with {@link #beginCommit()} and
 * {@link #endCommit()}, which make the generation odd, then even again. A read takes a {@link View} before its snapshot
 * begins, and uses or stores a count only when the generation is still that even value after it counted: then no commit
 * can have fallen between, and its snapshot is exactly the state that generation names (a seqlock).
 */
public final class CountCache {

    private static final int CAPACITY = 1_024;

    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<String, long[]> counts = new ConcurrentHashMap<>();

    /** Called by the writer just before {@code COMMIT}. */
    public void beginCommit() {
        generation.incrementAndGet();
    }

    /** Called by the writer once {@code COMMIT} returned or failed, before any write is acknowledged. */
    public void endCommit() {
        generation.incrementAndGet();
    }

    /** A view for one read, taken before its transaction reads anything; null while a commit is under way. */
    public View view() {
        long g = generation.get();
        return (g & 1) == 0 ? new View(g) : null;
    }

    /** The cache as one read transaction may use it. */
    public final class View {

        private final long generation;

        private View(long generation) {
            this.generation = generation;
        }

        /** The count {@code sql} with {@code params} returns, from the cache when this read's state matches. */
        long count(String sql, Object[] params, LongSupplier counter) {
            String key = sql + '\u0000' + Arrays.deepToString(params);
            long[] cached = counts.get(key);
            if (cached != null && cached[0] == generation && unchanged()) {
                return cached[1];
            }
            long count = counter.getAsLong();
            if (unchanged()) {
                if (counts.size() >= CAPACITY) {
                    counts.clear();
                }
                counts.put(key, new long[]{generation, count});
            }
            return count;
        }

        private boolean unchanged() {
            return CountCache.this.generation.get() == generation;
        }
    }
}
