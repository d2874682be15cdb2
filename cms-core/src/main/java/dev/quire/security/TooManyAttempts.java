package dev.quire.security;

import java.time.Duration;

/** A login attempt came too soon after repeated failures; answered 429 with {@code Retry-After}. */
public final class TooManyAttempts extends RuntimeException {

    private final Duration retryAfter;

    public TooManyAttempts(Duration retryAfter) {
        super("Too many failed logins; retry in " + Math.max(1, retryAfter.toSeconds()) + " s", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
