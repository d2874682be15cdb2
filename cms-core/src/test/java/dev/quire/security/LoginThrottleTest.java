package dev.quire.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void failuresBeyondTheAllowanceMakeEachAttemptWaitTwiceAsLong() {
        LoginThrottle throttle = new LoginThrottle(3, 100, Duration.ofMinutes(15));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitBefore("a@x.io", "10.0.0.1", T0)).isZero();
            throttle.failed("a@x.io", "10.0.0.1", T0);
        }
        assertThat(throttle.waitBefore("A@X.io", "10.0.0.2", T0)).isZero();
        throttle.failed("a@x.io", "10.0.0.1", T0);
        assertThat(throttle.waitBefore("a@x.io", "10.0.0.9", T0)).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("a@x.io", "10.0.0.1", T0.plusSeconds(1));
        assertThat(throttle.waitBefore("a@x.io", null, T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.waitBefore("b@x.io", "10.0.0.1", T0.plusSeconds(1))).as("other accounts are free")
                .isZero();

        throttle.succeeded("a@x.io");
        assertThat(throttle.waitBefore("a@x.io", null, T0.plusSeconds(1))).isZero();
    }

    @Test
    void oneAddressGuessingManyAccountsIsSlowedDownToo() {
        LoginThrottle throttle = new LoginThrottle(5, 10, Duration.ofMinutes(15));
        for (int i = 0; i < 11; i++) {
            throttle.failed("user" + i + "@x.io", "203.0.113.7", T0);
        }
        assertThat(throttle.waitBefore("new@x.io", "203.0.113.7", T0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore("new@x.io", "203.0.113.8", T0)).isZero();
    }

    @Test
    void failuresAreForgottenAfterAQuietWindowAndTheDelayIsCapped() {
        LoginThrottle throttle = new LoginThrottle(1, 100, Duration.ofMinutes(15));
        for (int i = 0; i < 40; i++) {
            throttle.failed("a@x.io", null, T0);
        }
        assertThat(throttle.waitBefore("a@x.io", null, T0)).isEqualTo(Duration.ofMinutes(15));
        throttle.failed("a@x.io", null, T0.plus(Duration.ofMinutes(31)));
        assertThat(throttle.waitBefore("a@x.io", null, T0.plus(Duration.ofMinutes(31)))).isZero();
    }
}
