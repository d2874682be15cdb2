package dev.quire.storage.postgres;

import java.time.Duration;
import java.util.Properties;

/**
 * Everything a PostgreSQL pool of Quire's is opened with.
 *
 * @param accessNotifications
 *            whether {@link PostgresStorage#accessWatch()} may listen for changes to users, sessions, API tokens and
 *            roles
 */
public record PostgresSettings(String jdbcUrl, String username, String password, int poolSize,
        Duration acquisitionTimeout, boolean accessNotifications) {

    public static PostgresSettings from(PostgresConfig config) {
        return new PostgresSettings(config.jdbcUrl(), config.username(), config.password().orElse(""),
                config.poolSize(), config.acquisitionTimeout(), config.accessNotifications());
    }

    /** These settings for another database, as another user when {@code user} is not null. */
    public PostgresSettings withDatabase(String url, String user) {
        return new PostgresSettings(url, user == null ? username : user, password, poolSize, acquisitionTimeout,
                accessNotifications);
    }

    public Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "quire");
        p.setProperty("connectTimeout", "10");
        // a statement that runs this long is a bug or a lock pile-up; fail it rather than hold a connection forever
        p.setProperty("options", "-c statement_timeout=30000 -c lock_timeout=10000");
        return p;
    }

    /**
     * The listening connection's: named apart from the pool's in {@code pg_stat_activity}, and a heartbeat that gets no
     * answer fails after 10 s instead of waiting on a dead peer.
     */
    public Properties listenerProperties() {
        Properties p = connectionProperties();
        p.setProperty("ApplicationName", "quire-access-watch");
        p.setProperty("socketTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("user", username);
        p.setProperty("password", password);
        return p;
    }
}
