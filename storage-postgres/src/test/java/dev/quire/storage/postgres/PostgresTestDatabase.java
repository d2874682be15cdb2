package dev.quire.storage.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A throw-away database on the test PostgreSQL server (system properties {@code quire.test.pg.url}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/}, and {@code quire.test.pg.user}, default {@code postgres}).
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    public static PostgresTestDatabase create(String purpose) {
        String name = "quire_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new PostgresTestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return serverUrl() + name;
    }

    public static String user() {
        return System.getProperty("quire.test.pg.user", "postgres");
    }

    public PostgresSettings settings() {
        return new PostgresSettings(jdbcUrl(), user(), "", 8, java.time.Duration.ofSeconds(5), true);
    }

    /** A plain connection to this database, outside any pool, for a test to inspect or change it directly. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        return new org.postgresql.Driver().connect(jdbcUrl(), p);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static String serverUrl() {
        String url = System.getProperty("quire.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
        return url.endsWith("/") ? url : url + "/";
    }

    private static void admin(String sql) {
        Properties p = new Properties();
        p.setProperty("user", user());
        try (Connection c = new org.postgresql.Driver().connect(serverUrl() + "postgres", p);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL: " + sql + " failed", e);
        }
    }
}
