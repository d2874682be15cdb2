package dev.quire.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadsFirstTest {

    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(10);
    private static final Duration RECENT = Duration.ofMillis(100);

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void withoutReadsWritesAreNotLimited() {
        ReadsFirst gate = new ReadsFirst(1, RECENT, clock::get);
        assertThat(gate.startWrite(0)).isTrue();
        assertThat(gate.startWrite(0)).isTrue();
        assertThat(gate.startWrite(0)).isTrue();
        assertThat(gate.writes()).isEqualTo(3);
    }

    @Test
    void whileReadsAreServedWritesBeyondTheLimitWaitTheirTurnInArrivalOrder() {
        ReadsFirst gate = new ReadsFirst(1, RECENT, clock::get);
        gate.readStarted();
        assertThat(gate.startWrite(0)).as("within the limit").isTrue();

        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> gate.startWrite(LONG_WAIT), threads);
        await().until(() -> gate.waiting() == 1);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> gate.startWrite(LONG_WAIT), threads);
        await().until(() -> gate.waiting() == 2);
        assertThat(first).isNotDone();

        gate.writeEnded();
        await().until(first::isDone);
        assertThat(first.join()).isTrue();
        assertThat(second).as("one at a time while the read goes on").isNotDone();
        assertThat(gate.waiting()).isEqualTo(1);
        assertThat(gate.writes()).isEqualTo(1);

        gate.writeEnded();
        await().until(second::isDone);
        assertThat(second.join()).isTrue();
        assertThat(gate.waiting()).isZero();
        assertThat(gate.refused()).isZero();
    }

    @Test
    void aWriteWhoseTurnDoesNotComeInTimeIsRefusedAndHoldsNoTurn() {
        ReadsFirst gate = new ReadsFirst(1, RECENT, clock::get);
        gate.readStarted();
        assertThat(gate.startWrite(0)).isTrue();

        assertThat(gate.startWrite(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        assertThat(gate.refused()).isEqualTo(1);
        assertThat(gate.waiting()).isZero();
        assertThat(gate.writes()).isEqualTo(1);
        assertThat(gate.waitNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));

        gate.writeEnded();
        assertThat(gate.writes()).isZero();
        assertThat(gate.startWrite(0)).as("the refused write left no turn behind").isTrue();
    }

    @Test
    void readsCountAsServedUntilTheRecentWindowHasPassedSinceTheLastOneBegan() {
        ReadsFirst gate = new ReadsFirst(1, RECENT, clock::get);
        gate.readStarted();
        gate.readEnded();
        assertThat(gate.reads()).isZero();
        assertThat(gate.startWrite(0)).isTrue();

        clock.addAndGet(RECENT.toNanos() / 2);
        assertThat(gate.startWrite(0)).as("a read began 50 ms ago").isFalse();

        clock.addAndGet(RECENT.toNanos());
        assertThat(gate.startWrite(0)).as("no read for 150 ms").isTrue();
        assertThat(gate.writes()).isEqualTo(2);
    }

    @Test
    void waitingWritesAreAdmittedWhenTheReadsEndWithNoWindow() {
        ReadsFirst gate = new ReadsFirst(1, Duration.ZERO, clock::get);
        gate.readStarted();
        assertThat(gate.startWrite(0)).isTrue();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> gate.startWrite(LONG_WAIT), threads);
        await().until(() -> gate.waiting() == 1);

        clock.incrementAndGet();
        gate.readEnded();
        await().until(waiting::isDone);
        assertThat(waiting.join()).isTrue();
        assertThat(gate.writes()).isEqualTo(2);
    }

    @Test
    void noLimitWhenTheLimitIsZero() {
        ReadsFirst gate = new ReadsFirst(0, RECENT, clock::get);
        gate.readStarted();
        for (int i = 0; i < 100; i++) {
            assertThat(gate.startWrite(0)).isTrue();
        }
        assertThat(gate.writes()).isEqualTo(100);
    }
}
