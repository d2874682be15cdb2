package dev.quire.jobs;

import java.time.Instant;

/** What a job does on one tick. Runs on a worker thread; may block. */
@FunctionalInterface
public interface JobTask {

    /**
     * @param tick
     *            the time the run was scheduled for (or triggered at)
     * @return a one-line summary for the run history
     */
    String run(Instant tick) throws Exception;
}
