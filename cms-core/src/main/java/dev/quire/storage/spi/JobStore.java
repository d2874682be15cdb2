package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The run history of jobs, and what makes each tick of a job run once across instances: a run is a row keyed by (job,
 * tick) under a unique constraint, inserted by whichever instance gets there first, and leased to it until it finishes.
 * A run whose lease expired (its instance died) can be taken over by another instance.
 */
public interface JobStore {

    /**
     * Starts the run of {@code job} for {@code tick} on {@code instance}, unless that tick already has a run.
     *
     * @return the new run, or empty when another instance (or an earlier attempt) holds the tick
     */
    Optional<JobRun> start(String job, Instant tick, String trigger, String instance, Instant now, Instant leaseUntil);

    /** Extends a running run's lease; @return false when the run is no longer this instance's */
    boolean renew(long runId, String instance, Instant leaseUntil);

    /** Records the end of a run; @return false when the run is no longer this instance's */
    boolean finish(long runId, String instance, String status, Instant finishedAt, String summary, String error);

    /** Running runs whose lease expired before {@code now}, oldest first. */
    List<JobRun> expired(Instant now, int limit);

    /** Takes over an expired run for another attempt; empty when someone else did first. */
    Optional<JobRun> takeOver(long runId, String instance, Instant now, Instant leaseUntil);

    /** A job's runs, latest tick first. */
    List<JobRun> runs(String job, int offset, int limit);

    long countRuns(String job);

    Optional<JobRun> find(long runId);

    /** Deletes up to {@code limit} finished runs that finished before {@code before}; @return how many */
    int deleteFinishedBefore(Instant before, int limit);

    record JobRun(long id, String job, Instant scheduledAt, String trigger, String instance, String status,
            int attempt, Instant startedAt, Instant leaseUntil, Instant finishedAt, String summary, String error) {
    }
}
