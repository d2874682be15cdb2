package dev.quire.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class MissedTicksTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final JobDefinition EVERY_SECOND = job("* * * * * ?", "UTC");

    private final MissedTicks ticks = new MissedTicks(Duration.ofSeconds(30));

    @Test
    void aTickFiredOnTimeIsTheOnlyOneToClaim() {
        assertThat(ticks.fired(EVERY_SECOND, T)).containsExactly(T);
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(1))).containsExactly(T.plusSeconds(1));
    }

    @Test
    void theTicksPassedOverBeforeALateOneAreClaimedWithItOldestFirst() {
        ticks.fired(EVERY_SECOND, T);
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(4))).containsExactly(T.plusSeconds(1), T.plusSeconds(2),
                T.plusSeconds(3), T.plusSeconds(4));
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(5))).containsExactly(T.plusSeconds(5));
    }

    @Test
    void ticksOlderThanTheGracePeriodAreNotReplayed() {
        ticks.fired(EVERY_SECOND, T);
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(100))).hasSize(31).startsWith(T.plusSeconds(70))
                .endsWith(T.plusSeconds(99), T.plusSeconds(100));
    }

    @Test
    void theFirstTickFiredReplaysNothingBeforeIt() {
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(10))).containsExactly(T.plusSeconds(10));
    }

    @Test
    void aTickAtOrBeforeTheLastOneClaimsOnlyItselfAndKeepsTheLatest() {
        ticks.fired(EVERY_SECOND, T.plusSeconds(5));
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(3))).containsExactly(T.plusSeconds(3));
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(7))).containsExactly(T.plusSeconds(6), T.plusSeconds(7));
    }

    @Test
    void aDailyJobInItsTimeZoneHasNoTickBetweenTwoDays() {
        JobDefinition daily = job("0 0 3 * * ?", "Europe/Paris");
        Instant first = Instant.parse("2026-12-06T02:00:00Z");
        ticks.fired(daily, first);
        assertThat(ticks.fired(daily, first.plus(Duration.ofDays(1)))).containsExactly(first.plus(Duration.ofDays(1)));
    }

    @Test
    void jobsAreTrackedApart() {
        JobDefinition other = new JobDefinition("other", "", "* * * * * ?", "UTC", true, null, at -> null);
        ticks.fired(EVERY_SECOND, T);
        assertThat(ticks.fired(other, T.plusSeconds(3))).containsExactly(T.plusSeconds(3));
        assertThat(ticks.fired(EVERY_SECOND, T.plusSeconds(2))).containsExactly(T.plusSeconds(1), T.plusSeconds(2));
    }

    @Test
    void aScheduleItCannotReadStillClaimsEachFiredTick() {
        JobDefinition unix = job("*/5 * * * *", "UTC");
        ticks.fired(unix, T);
        assertThat(ticks.fired(unix, T.plusSeconds(600))).containsExactly(T.plusSeconds(600));
    }

    private static JobDefinition job(String cron, String timeZone) {
        return new JobDefinition("publish", "", cron, timeZone, true, null, at -> null);
    }
}
