package dev.quire.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import dev.quire.storage.jdbc.CountCache;
import dev.quire.storage.jdbc.JdbcSession;
import dev.quire.storage.jdbc.JdbcStatistics;
import dev.quire.storage.jdbc.SqlDialect;
import dev.quire.storage.jdbc.StatementCache;
import dev.quire.storage.spi.Storage.UnitOfWork;
import dev.quire.storage.spi.StorageBusy;
import dev.quire.storage.spi.StorageFailure;

/**
 * The single writer of a SQLite database: a FIFO queue of write units of work served by one thread that owns the only
 * write connection.
 * <p>
 * SQLite allows one writer at a time. Queuing writers fairly here, instead of letting several connections race in
 * SQLite's busy handler, makes waits first-come first-served and bounded, and lets the writer commit the writes that
 * queued up meanwhile in one transaction (group commit): one WAL sync for the whole batch. Each write in a batch runs
 * inside its own savepoint, so one failing write is rolled back alone, and no write is acknowledged before the commit
 * that makes it durable. A write alone in its batch needs no savepoint: its transaction is rolled back instead.
 * <p>
 * SQLite keeps the pages a savepoint may have to restore in a sub-journal, which it writes to a temporary file once it
 * outgrows 64 KiB; one create changes more pages than that. On the writer connection the sub-journal is therefore kept
 * in memory ({@code temp_store=MEMORY}): a CPU profile of creates at 32 connections found nearly a fifth of the
 * process's CPU in that file's writes, a new file per batch. In memory it holds the pages of the one write being run,
 * given back at its {@code RELEASE}. A bulk write ({@link #submit(UnitOfWork, boolean)}), which may change most of the
 * database in one statement, runs in a batch of its own, without a savepoint, with temporary storage in files
 * ({@code temp_store=FILE}), so that neither its statement journal nor the sorting of an index it builds is held in
 * memory.
 * <p>
 * Every transaction begins with {@code BEGIN IMMEDIATE}, which takes the write lock up front; a read followed by a
 * write inside a unit of work therefore never fails on a lock upgrade. If the lock is held outside this process,
 * {@code BEGIN IMMEDIATE} waits for the connection's busy timeout and then fails the whole batch with
 * {@link StorageBusy}; nothing was applied.
 */
final class WriteQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WriteQueue.class);

    private final java.util.concurrent.atomic.LongAdder writes = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder waitNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder busyEvents = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder startTimeouts = new java.util.concurrent.atomic.LongAdder();
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Statements kept compiled on the write connection: the stores use a few dozen distinct ones. */
    static final int STATEMENTS = 256;

    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    /** A bulk write taken from the queue while a batch was being gathered: it begins the next batch. */
    private volatile Task<?> held;
    private final Supplier<Connection> connector;
    private final CountCache counts;
    private final java.util.function.LongConsumer afterAccessChange;
    private final SqlDialect dialect;
    private final Duration startTimeout;
    private final int maxBatch;
    private final Thread thread;
    private volatile boolean closed;
    private Connection connection;
    private StatementCache statements;
    /** The write connection's {@code temp_store} as last set: null until set on a new connection. */
    private Boolean tempInMemory;

    /**
     * {@code afterAccessChange} runs after a commit in which a write changed users, sessions, API tokens or roles,
     * before any write of that commit returns, with the {@code access_version} that commit left.
     */
    WriteQueue(Supplier<Connection> connector, SqlDialect dialect, Duration startTimeout, int maxBatch,
            CountCache counts, java.util.function.LongConsumer afterAccessChange) {
        this.connector = connector;
        this.counts = counts;
        this.afterAccessChange = afterAccessChange;
        this.dialect = dialect;
        this.startTimeout = startTimeout;
        this.maxBatch = Math.max(1, maxBatch);
        ensureConnection();
        this.thread = new Thread(this::serve, "quire-sqlite-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The queue's figures now and since start. */
    dev.quire.storage.spi.Storage.WriteQueueStatus status() {
        Task<?> head = held != null ? held : queue.peek();
        Duration oldest = head == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - head.queuedAt);
        return new dev.quire.storage.spi.Storage.WriteQueueStatus(depth(), oldest, writes.sum(), batches.sum(),
                Duration.ofNanos(waitNanos.sum()), busyEvents.sum(), startTimeouts.sum(), startTimeout);
    }

    /** Number of writes waiting to begin. */
    int depth() {
        return queue.size() + (held != null ? 1 : 0);
    }

    /**
     * Queues {@code work} and waits for it. Returns its result once its transaction committed; rethrows what it threw
     * after its savepoint was rolled back.
     *
     * @throws StorageBusy
     *             when it did not begin within the start timeout (it is then withdrawn and never runs)
     */
    <T> T submit(UnitOfWork<T> work) {
        return submit(work, false);
    }

    /**
     * As {@link #submit(UnitOfWork)}; a {@code bulk} write is run in a transaction of its own, after the writes queued
     * before it and before those queued after it, with its temporary storage in files.
     */
    <T> T submit(UnitOfWork<T> work, boolean bulk) {
        if (closed) {
            throw new IllegalStateException("the SQLite storage is closed");
        }
        Task<T> task = new Task<>(work, bulk);
        queue.add(task);
        try {
            return task.result.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (task.withdraw()) {
                startTimeouts.increment();
                throw new StorageBusy(startTimeout, RETRY_AFTER);
            }
            // it has begun: the outcome is decided by its commit, so wait for it whatever happens
            try {
                return task.result.join();
            } catch (CompletionException failed) {
                throw rethrow(failed.getCause());
            }
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    private void serve() {
        List<Task<?>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty() || held != null) {
            try {
                Task<?> first = held;
                held = null;
                if (first == null) {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                }
                if (first == null) {
                    continue;
                }
                batch.clear();
                if (first.begin()) {
                    batch.add(first);
                }
                while (batch.size() < maxBatch && (batch.isEmpty() || !batch.get(0).bulk)) {
                    Task<?> next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next.bulk && !batch.isEmpty()) {
                        held = next;
                        break;
                    }
                    if (next.begin()) {
                        batch.add(next);
                    }
                }
                if (!batch.isEmpty()) {
                    long began = System.nanoTime();
                    batch.forEach(t -> waitNanos.add(began - t.queuedAt));
                    writes.add(batch.size());
                    batches.increment();
                    runBatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("the SQLite writer failed a batch unexpectedly", e);
                batch.forEach(t -> t.fail(e));
            }
        }
    }

    private void runBatch(List<Task<?>> batch) {
        try {
            ensureConnection();
            keepTemporaryStorageInMemory(!batch.get(0).bulk);
            exec("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (isBusy(e)) {
                busyEvents.increment();
            }
            RuntimeException failure = isBusy(e)
                    ? new StorageBusy(Duration.ZERO, RETRY_AFTER)
                    : new StorageFailure("could not begin a write transaction", e);
            discardConnectionUnless(isBusy(e));
            batch.forEach(t -> t.fail(failure));
            return;
        }
        JdbcSession session = new JdbcSession(connection, dialect, true, statements, null);
        try {
            if (batch.size() == 1) {
                if (!batch.get(0).run(session)) {
                    rollbackAfterFailure();
                    batch.get(0).complete();
                    return;
                }
            } else {
                for (Task<?> task : batch) {
                    exec("SAVEPOINT w");
                    if (!task.run(session)) {
                        exec("ROLLBACK TO w");
                    }
                    // RELEASE fails if a statement made SQLite abandon the transaction: the batch then fails whole
                    exec("RELEASE w");
                }
            }
            // the only writer's transaction: the version it reads now is the one its commit leaves
            long accessVersion = session.changedAccess() ? accessVersion() : 0;
            counts.beginCommit();
            try {
                exec("COMMIT");
            } finally {
                counts.endCommit();
            }
            if (session.changedAccess()) {
                afterAccessChange.accept(accessVersion);
            }
            batch.forEach(Task::complete);
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r
                    ? r
                    : new StorageFailure("the write transaction could not be committed", e);
            rollbackAfterFailure();
            batch.forEach(t -> t.fail(failure));
        }
    }

    private void rollbackAfterFailure() {
        try {
            exec("ROLLBACK");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                LOG.warn("rolling back a failed write transaction failed; reopening the write connection", e);
                discardConnectionUnless(false);
            }
        }
    }

    private void ensureConnection() {
        if (connection == null) {
            connection = connector.get();
            statements = new StatementCache(connection, STATEMENTS);
            tempInMemory = null;
        }
    }

    /** Sets {@code temp_store} between transactions, where it may change, when it is not set so already. */
    private void keepTemporaryStorageInMemory(boolean inMemory) throws SQLException {
        if (!Boolean.valueOf(inMemory).equals(tempInMemory)) {
            exec(inMemory ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = FILE");
            tempInMemory = inMemory;
        }
    }

    private void discardConnectionUnless(boolean keep) {
        if (keep || connection == null) {
            return;
        }
        statements.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a broken write connection failed", e);
        }
        connection = null;
        statements = null;
    }

    private long accessVersion() throws SQLException {
        try (java.sql.PreparedStatement read = connection.prepareStatement("SELECT version FROM access_version");
                java.sql.ResultSet rs = read.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("access_version has no row");
            }
            return rs.getLong(1);
        }
    }

    private void exec(String sql) throws SQLException {
        statements.execute(sql);
    }

    private static boolean isBusy(SQLException e) {
        return e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_BUSY
                || s.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code
                || s.getResultCode() == SQLiteErrorCode.SQLITE_LOCKED);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new StorageFailure("a write failed", t);
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        discardConnectionUnless(false);
    }

    /** One queued write and its outcome. */
    private static final class Task<T> {

        private static final int QUEUED = 0, RUNNING = 1, WITHDRAWN = 2;

        final CompletableFuture<T> result = new CompletableFuture<>();
        private final UnitOfWork<T> work;
        final boolean bulk;
        private final boolean background = JdbcStatistics.isBackgroundThread();
        final long queuedAt = System.nanoTime();
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private T value;
        private Throwable failure;

        Task(UnitOfWork<T> work, boolean bulk) {
            this.work = work;
            this.bulk = bulk;
        }

        boolean begin() {
            return state.compareAndSet(QUEUED, RUNNING);
        }

        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }

        /** Runs the work; returns whether it succeeded. */
        boolean run(JdbcSession session) {
            JdbcStatistics.countAs(background);
            try {
                value = work.run(session);
                return true;
            } catch (RuntimeException | Error e) {
                failure = e;
                return false;
            } finally {
                JdbcStatistics.countAs(false);
            }
        }

        void complete() {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        }

        void fail(Throwable e) {
            result.completeExceptionally(failure != null ? failure : e);
        }
    }
}
