package dev.quire.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.CmsConfig;

/**
 * Slows down password guessing: after {@code cms.admin.login.free-attempts} failures for one account, or
 * {@code cms.admin.login.free-attempts-per-address} from one address, each further attempt must wait, twice as long
 * after every failure (1 s, 2 s, 4 s … up to 15 minutes). Failures are forgotten after a quiet
 * {@code cms.admin.login.window}, or on a successful login for the account. Kept in memory per instance: enough to make
 * online guessing impractical, and it costs no writes.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 100_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int freePerAccount;
    private final int freePerAddress;
    private final Duration window;

    @Inject
    public LoginThrottle(CmsConfig config) {
        this(config.admin().login().freeAttempts(), config.admin().login().freeAttemptsPerAddress(),
                config.admin().login().window());
    }

    LoginThrottle(int freePerAccount, int freePerAddress, Duration window) {
        this.freePerAccount = freePerAccount;
        this.freePerAddress = freePerAddress;
        this.window = window;
    }

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    /** How long the caller must still wait before another attempt, or zero. */
    public Duration waitBefore(String email, String address, Instant now) {
        Duration forAccount = wait("account:" + normalize(email), now);
        Duration forAddress = address == null ? Duration.ZERO : wait("address:" + address, now);
        return forAccount.compareTo(forAddress) >= 0 ? forAccount : forAddress;
    }

    public void failed(String email, String address, Instant now) {
        if (failures.size() > MAX_KEYS) {
            failures.clear();
        }
        record("account:" + normalize(email), freePerAccount, now);
        if (address != null) {
            record("address:" + address, freePerAddress, now);
        }
    }

    public void succeeded(String email) {
        failures.remove("account:" + normalize(email));
    }

    private Duration wait(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.blockedUntil() == null || !f.blockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, f.blockedUntil());
    }

    private void record(String key, int free, Instant now) {
        failures.compute(key, (k, f) -> {
            int count = f == null || f.last().plus(window).isBefore(now) ? 1 : f.count() + 1;
            int over = count - free;
            Instant blockedUntil = null;
            if (over > 0) {
                long seconds = Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(20, over - 1));
                blockedUntil = now.plusSeconds(seconds);
            }
            return new Failures(count, now, blockedUntil);
        });
    }

    private static String normalize(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
