package dev.quire.storage.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.quire.storage.jdbc.AccessStamp;
import dev.quire.storage.spi.AccessWatch;

/**
 * {@code LISTEN} on a connection of its own for the notices that migration V9's triggers send when {@code admin_user},
 * {@code admin_session}, {@code api_token} or {@code role} change, by any client. One daemon thread waits for them and
 * confirms the connection with a query every {@link #HEARTBEAT}.
 * <p>
 * The watch is live only while that confirmation is recent: notices of everything committed before the last
 * confirmation's query was sent have been received by then, so a cached value is never more than {@link #WINDOW} older
 * than the last change, and usually a few milliseconds. When the connection fails, or has not been confirmed within the
 * window, the watch stops being live, and when it is live again it starts from a stamp no cached value has.
 */
final class PostgresAccessWatch implements AccessWatch, AutoCloseable {

    static final String CHANNEL = "quire_access";
    static final Duration HEARTBEAT = Duration.ofMillis(500);
    static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(PostgresAccessWatch.class);

    /** Opens a connection outside the pool: it is held for as long as the watch runs. */
    interface Connector {

        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final AccessStamp stamp = new AccessStamp(WINDOW);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    PostgresAccessWatch(Connector connector) {
        this.connector = connector;
        this.thread = new Thread(this::run, "quire-access-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long stamp() {
        return stamp.get();
    }

    /** A change committed through this instance: drop what was cached before it, without waiting for its notice. */
    void changed() {
        stamp.changed();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        boolean failing = false;
        while (!closed) {
            try (Connection listening = connector.open(); Statement st = listening.createStatement()) {
                connection = listening;
                long sentAt = System.nanoTime();
                st.execute("LISTEN " + CHANNEL);
                stamp.confirmed(sentAt);
                if (failing) {
                    LOG.info("Listening for changes to users, sessions, API tokens and roles again");
                    failing = false;
                }
                backoff = Duration.ofMillis(100);
                PGConnection pg = listening.unwrap(PGConnection.class);
                long nextHeartbeat = System.nanoTime() + HEARTBEAT.toNanos();
                while (!closed) {
                    received(pg.getNotifications((int) Math.max(1, (nextHeartbeat - System.nanoTime()) / 1_000_000)));
                    if (System.nanoTime() - nextHeartbeat >= 0) {
                        sentAt = System.nanoTime();
                        st.execute("SELECT 1");
                        received(pg.getNotifications());
                        stamp.confirmed(sentAt);
                        nextHeartbeat = sentAt + HEARTBEAT.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                stamp.lost();
                if (!closed) {
                    if (!failing) {
                        LOG.warnf("Listening for changes to users, sessions, API tokens and roles failed (%s);"
                                + " credentials are read from the database on every request until it listens again",
                                e.getMessage());
                        failing = true;
                    } else {
                        LOG.debugf("Listening again failed: %s", e.getMessage());
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(WINDOW) > 0 ? WINDOW : backoff.multipliedBy(2);
                }
            } finally {
                connection = null;
            }
        }
    }

    private void received(PGNotification[] notices) {
        if (notices != null && notices.length > 0) {
            changed();
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

    @Override
    public void close() {
        closed = true;
        stamp.lost();
        thread.interrupt();
        Connection listening = connection;
        if (listening != null) {
            try {
                listening.close();
            } catch (SQLException e) {
                LOG.debug("closing the listening connection failed", e);
            }
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
