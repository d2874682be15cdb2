package dev.quire.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.quire.storage.spi.AccessWatch;

/**
 * Polls the counter that migration V10's triggers move on every committed change to {@code admin_user},
 * {@code admin_session} (other than a login), {@code api_token} (other than its last use) and {@code role}, whoever
 * makes it: this process, a command-line tool, an operator's {@code sqlite3}. One daemon thread reads it every
 * {@link #POLL} on a read-only connection of its own, started by the first call of {@link SqliteStorage#accessWatch()}.
 * <p>
 * The watch is live only while the last successful read is recent: a read sees everything committed before it began, so
 * a cached value is never more than {@link #WINDOW} older than the last change, and usually less than {@link #POLL}.
 * When reading fails, or has not succeeded within the window, the watch stops being live, and when it is live again it
 * starts from a stamp no cached value has. A change this process commits moves the stamp before its write returns
 * ({@link #changed()}), without waiting for the next read.
 */
final class SqliteAccessWatch implements AccessWatch, AutoCloseable {

    static final Duration POLL = Duration.ofMillis(250);
    static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(SqliteAccessWatch.class);
    private static final long UNREAD = Long.MIN_VALUE;

    private final Supplier<Connection> connector;
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong stamp = new AtomicLong(NOT_LIVE);
    private volatile long confirmedUntil;
    private volatile boolean closed;
    private Thread thread;

    /** {@code connector} opens a read-only connection to the database; nothing is opened before {@link #start()}. */
    SqliteAccessWatch(Supplier<Connection> connector) {
        this.connector = connector;
    }

    /** Starts polling, once. */
    synchronized void start() {
        if (thread == null && !closed) {
            thread = new Thread(this::run, "quire-access-watch");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public long stamp() {
        long current = stamp.get();
        if (current != NOT_LIVE && System.nanoTime() - confirmedUntil > 0) {
            stamp.compareAndSet(current, NOT_LIVE);
            return NOT_LIVE;
        }
        return current;
    }

    /** A change committed through this process: drop what was cached before it, without waiting for the next read. */
    void changed() {
        stamp.updateAndGet(current -> current == NOT_LIVE ? NOT_LIVE : generations.incrementAndGet());
    }

    private void run() {
        Duration backoff = POLL;
        boolean failing = false;
        while (!closed) {
            long seen = UNREAD;
            try (Connection connection = connector.get();
                    PreparedStatement read = connection.prepareStatement("SELECT version FROM access_version")) {
                while (!closed) {
                    long sentAt = System.nanoTime();
                    long version;
                    try (ResultSet rs = read.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("access_version has no row");
                        }
                        version = rs.getLong(1);
                    }
                    if (seen != UNREAD && version != seen) {
                        changed();
                    }
                    seen = version;
                    confirm(sentAt);
                    if (failing) {
                        LOG.info("Reading changes to users, sessions, API tokens and roles again");
                        failing = false;
                    }
                    backoff = POLL;
                    pause(POLL);
                }
            } catch (SQLException | RuntimeException e) {
                stamp.set(NOT_LIVE);
                if (!closed) {
                    if (!failing) {
                        LOG.warnf("Reading changes to users, sessions, API tokens and roles failed (%s); credentials"
                                + " are read from the database on every request until it reads again", e.getMessage());
                        failing = true;
                    } else {
                        LOG.debugf("Reading changes again failed: %s", e.getMessage());
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(WINDOW) > 0 ? WINDOW : backoff.multipliedBy(2);
                }
            }
        }
    }

    /**
     * Everything committed before {@code sentAt} has been seen: the watch is live until {@link #WINDOW} after it, and
     * if it was not live it starts again from a new stamp.
     */
    private void confirm(long sentAt) {
        confirmedUntil = sentAt + WINDOW.toNanos();
        if (stamp.get() == NOT_LIVE) {
            stamp.compareAndSet(NOT_LIVE, generations.incrementAndGet());
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops polling and closes the connection before returning, so that the writer's is the last one open. */
    @Override
    public void close() {
        Thread polling;
        synchronized (this) {
            closed = true;
            polling = thread;
        }
        stamp.set(NOT_LIVE);
        if (polling != null) {
            polling.interrupt();
            try {
                polling.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
