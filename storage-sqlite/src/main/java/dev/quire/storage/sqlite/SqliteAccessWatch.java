package dev.quire.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.quire.storage.jdbc.AccessStamp;
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
 * ({@link #changed(long)}), without waiting for the next read.
 */
final class SqliteAccessWatch implements AccessWatch, AutoCloseable {

    static final Duration POLL = Duration.ofMillis(250);
    static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(SqliteAccessWatch.class);
    private static final long UNREAD = Long.MIN_VALUE;

    private final Supplier<Connection> connector;
    private final AccessStamp stamp = new AccessStamp(WINDOW);
    /** The {@code access_version} of the last change committed through this process, whose drop is already done. */
    private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong(UNREAD);
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
        return stamp.get();
    }

    /**
     * A change committed through this process, which left {@code access_version} at {@code version}: drop what was
     * cached before it, without waiting for the next read. When the next read finds that same version it drops nothing
     * more, since nothing else can have changed in between; what was cached after this drop stays.
     */
    void changed(long version) {
        dropped.set(version);
        changed();
    }

    private void changed() {
        stamp.changed();
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
                    if (seen != UNREAD && version != seen && version != dropped.get()) {
                        changed();
                    }
                    seen = version;
                    stamp.confirmed(sentAt);
                    if (failing) {
                        LOG.info("Reading changes to users, sessions, API tokens and roles again");
                        failing = false;
                    }
                    backoff = POLL;
                    pause(POLL);
                }
            } catch (SQLException | RuntimeException e) {
                stamp.lost();
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
        stamp.lost();
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
