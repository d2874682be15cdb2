package dev.quire.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.storage.spi.ApiTokenStore.ApiTokenRecord;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageException;

/**
 * API tokens as the content API sees them. A token is {@code qat_} and 256 random bits; only its SHA-256 is stored. Its
 * last use is recorded at most once a minute per token, so that reads do not turn into writes.
 */
@ApplicationScoped
public class ApiTokens {

    public static final String PREFIX = "qat_";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Map<Long, Instant> lastTouched = new ConcurrentHashMap<>();

    @Inject
    Storage storage;

    @Inject
    TokenHasher hasher;

    @Inject
    Roles roles;

    @Inject
    AccessCache accessCache;

    public static String newSecret() {
        return PREFIX + SessionTokens.newToken();
    }

    /** The access a token grants, if it is known, not revoked and not expired. */
    public Optional<Access> authenticate(String token, String address) {
        Instant now = Instant.now();
        Optional<AccessCache.Grant> grant = accessCache.apiToken(hasher.hash(token), now, this::permissions);
        grant.ifPresent(g -> touch(g.id(), now));
        return grant.map(g -> new Access("api-token", g.id(), g.label(), g.permissions(), address));
    }

    public Permissions permissions(ApiTokenRecord t) {
        return switch (t.type()) {
            case "read-only" -> Permissions.READ_CONTENT;
            case "full-access" -> Permissions.ALL_CONTENT;
            default -> {
                Permissions custom = roles.parse(t.permissionsJson(), "API token " + t.name());
                yield new Permissions(custom.content(), java.util.Set.of());
            }
        };
    }

    private void touch(long id, Instant now) {
        Instant last = lastTouched.get(id);
        if (last != null && last.plus(TOUCH_INTERVAL).isAfter(now)) {
            return;
        }
        lastTouched.put(id, now);
        try {
            storage.write(s -> {
                s.apiTokens().touch(id, now);
                return null;
            });
        } catch (StorageException e) {
            // the last-used time is informational; a busy database must not fail the request
        }
    }
}
