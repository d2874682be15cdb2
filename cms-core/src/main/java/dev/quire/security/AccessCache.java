package dev.quire.security;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.quire.storage.jdbc.JdbcStatistics;
import dev.quire.storage.spi.AccessWatch;
import dev.quire.storage.spi.ApiTokenStore.ApiTokenRecord;
import dev.quire.storage.spi.Storage;

/**
 * Resolved sessions, API tokens and role permissions kept in memory, where the storage tells every instance when users,
 * sessions, tokens or roles change ({@link Storage#accessWatch()}, PostgreSQL's {@code LISTEN}). Every request needs
 * one of them; on PostgreSQL that was a round trip of its own. Without a watch, or while it is not live, every lookup
 * goes to the database, as before.
 * <p>
 * A value is used only under the watch's stamp it was read under; any such change anywhere changes the stamp and so
 * drops all of them. Changes are rare next to requests. Only what was found is kept, so a made-up token costs a read
 * every time, as it did, and expiry is checked on every use.
 */
@ApplicationScoped
public class AccessCache {

    /** Enough for every signed-in admin and every token of a large site; beyond it the least used are read again. */
    static final int MAX_ENTRIES = 10_000;

    @Inject
    Storage storage;

    @Inject
    Roles roles;

    @Inject
    MeterRegistry registry;

    private volatile Optional<AccessWatch> watch;
    private Kept<Grant> sessions;
    private Kept<Grant> apiTokens;
    private Kept<Permissions> rolePermissions;

    /** One kind of value kept, and how often it was found in memory or read from the database. */
    private record Kept<T>(Cache<String, Stamped<T>> cache, Counter fromCache, Counter fromDatabase) {
    }

    /**
     * What a session or an API token grants, until it expires ({@code expiresAt} null: never).
     *
     * @param id
     *            the user's or the token's
     * @param label
     *            the user's email or the token's name
     */
    public record Grant(long id, String label, Permissions permissions, Instant expiresAt) {

        boolean validAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    private record Stamped<T>(T value, long stamp) {
    }

    /** The user owning the unexpired session with this token hash, if their account is active. */
    public Optional<Grant> session(String tokenHash, Instant now) {
        return lookup(sessions, tokenHash, g -> g.validAt(now), () -> storage.read(s -> s.accounts()
                .findSessionUser(tokenHash, now).map(su -> new Grant(su.user().id(), su.user().email(),
                        roles.permissionsOf(s, su.user().role()), su.expiresAt()))));
    }

    /** The unrevoked, unexpired API token with this hash; {@code permissions} reads what its type allows. */
    public Optional<Grant> apiToken(String tokenHash, Instant now, Function<ApiTokenRecord, Permissions> permissions) {
        return lookup(apiTokens, tokenHash, g -> g.validAt(now), () -> storage.read(s -> s.apiTokens()
                .findByHash(tokenHash))
                .filter(t -> t.revokedAt() == null)
                .map(t -> new Grant(t.id(), t.name(), permissions.apply(t), t.expiresAt())))
                .filter(g -> g.validAt(now));
    }

    /** What {@code role} allows; a missing role allows nothing. */
    public Permissions permissionsOf(String role) {
        return lookup(rolePermissions, role, p -> true, () -> Optional.of(roles.permissionsOf(role)))
                .orElseThrow();
    }

    /**
     * The cached value if it was read under the current stamp and is still {@code usable}, else what {@code read}
     * finds, kept only if nothing changed during the read: a change that committed before the read began is in it, and
     * one that commits after has changed the stamp, or will, and so drops the value.
     */
    private <T> Optional<T> lookup(Kept<T> kept, String key, Predicate<T> usable, Supplier<Optional<T>> read) {
        long stamp = stamp();
        if (stamp != AccessWatch.NOT_LIVE) {
            Stamped<T> cached = kept.cache().getIfPresent(key);
            if (cached != null && cached.stamp() == stamp && usable.test(cached.value())) {
                kept.fromCache().increment();
                return Optional.of(cached.value());
            }
        }
        kept.fromDatabase().increment();
        Optional<T> found = JdbcStatistics.apart(read);
        if (found.isPresent() && stamp != AccessWatch.NOT_LIVE && stamp() == stamp) {
            kept.cache().put(key, new Stamped<>(found.get(), stamp));
        }
        return found;
    }

    @PostConstruct
    void createCaches() {
        sessions = kept("session", MAX_ENTRIES);
        apiTokens = kept("api-token", MAX_ENTRIES);
        rolePermissions = kept("role", 1_000);
    }

    private <T> Kept<T> kept(String kind, int size) {
        return new Kept<>(Caffeine.newBuilder().maximumSize(size).build(), lookups(kind, "cache"),
                lookups(kind, "database"));
    }

    private Counter lookups(String kind, String source) {
        return Counter.builder("quire.access.lookups")
                .description("Credentials and role permissions resolved, from memory or from the database")
                .tags("kind", kind, "source", source).register(registry);
    }

    private long stamp() {
        Optional<AccessWatch> current = watch;
        if (current == null) {
            current = storage.accessWatch();
            watch = current;
        }
        return current.isPresent() ? current.get().stamp() : AccessWatch.NOT_LIVE;
    }
}
