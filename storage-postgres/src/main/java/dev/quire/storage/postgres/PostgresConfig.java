package dev.quire.storage.postgres;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code cms.storage.postgres.*}: how to reach the PostgreSQL database. */
@ConfigMapping(prefix = "cms.storage.postgres")
public interface PostgresConfig {

    @WithDefault("jdbc:postgresql://localhost:5432/quire")
    String jdbcUrl();

    @WithDefault("quire")
    String username();

    Optional<String> password();

    /** Most connections this instance opens. */
    @WithDefault("16")
    int poolSize();

    /** How long a request waits for a free connection before it fails with 503. */
    @WithDefault("5s")
    Duration acquisitionTimeout();

    /**
     * Listen ({@code LISTEN}) for changes to users, sessions, API tokens and roles, so that resolved sessions may be
     * kept in memory. Off behind a connection pooler in transaction mode, where a listening connection hears nothing.
     */
    @WithDefault("true")
    boolean accessNotifications();
}
