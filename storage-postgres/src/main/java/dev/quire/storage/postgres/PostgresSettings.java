package dev.quire.storage.postgres;

import java.time.Duration;
import java.util.Properties;

/** Everything a PostgreSQL pool of Quire's is opened with. */
public record PostgresSettings(String jdbcUrl, String username, String password, int poolSize,
        Duration acquisitionTimeout) {

    public static PostgresSettings from(PostgresConfig config) {
        return new PostgresSettings(config.jdbcUrl(), config.username(), config.password().orElse(""),
                config.poolSize(), config.acquisitionTimeout());
    }

    /** These settings for another database, as another user when {@code user} is not null. */
    public PostgresSettings withDatabase(String url, String user) {
        return new PostgresSettings(url, user == null ? username : user, password, poolSize, acquisitionTimeout);
    }

    public Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "quire");
        p.setProperty("connectTimeout", "10");
        // a statement that runs this long is a bug or a lock pile-up; fail it rather than hold a connection forever
        p.setProperty("options", "-c statement_timeout=30000 -c lock_timeout=10000");
        return p;
    }
}
