package dev.quire.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;

import dev.quire.BackgroundThreads;
import dev.quire.CmsConfig;
import dev.quire.InstanceName;
import dev.quire.storage.spi.JobStore.JobRun;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageException;

/**
 * Runs jobs once per tick across every instance that shares the database. Quarkus Scheduler fires each job's cron
 * expression on every instance; each instance then tries to insert the run row for (job, tick), and the unique key lets
 * exactly one succeed. The winner runs the job holding a lease it renews while the job runs; if it dies, the lease
 * expires and another instance's sweep takes the run over and runs it again. Ticks missed while no instance was up are
 * not replayed: the scheduler only fires ticks that come while it runs, and the ticks it passes over while it runs (a
 * check that comes late) are claimed with the next one it fires ({@link MissedTicks}). Run rows go through the same
 * storage path as every other write (the single writer on SQLite).
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final Duration OVERDUE_GRACE = Duration.ofSeconds(30);

    @Inject
    Storage storage;

    @Inject
    CmsConfig config;

    @Inject
    Scheduler scheduler;

    @Inject
    Jobs jobs;

    @Inject
    MeterRegistry registry;

    private final String instance = InstanceName.get();
    private final Map<String, Trigger> triggers = new LinkedHashMap<>();
    private final MissedTicks missedTicks = new MissedTicks(OVERDUE_GRACE);
    private ExecutorService workers;
    private ScheduledExecutorService leases;

    void start(@Observes StartupEvent startup) {
        workers = Executors.newCachedThreadPool(BackgroundThreads.named("quire-job"));
        leases = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("quire-job-lease"));
        for (JobDefinition job : jobs.all()) {
            if (!job.active()) {
                continue;
            }
            Trigger trigger = scheduler.newJob(job.name())
                    .setCron(job.cron())
                    .setTimeZone(job.timeZone())
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    // a tick the scheduler fires late (a busy CPU) still runs, once, and so do the ticks it passed
                    // over meanwhile (MissedTicks); only ticks missed while the process was down are never replayed
                    .setOverdueGracePeriod(OVERDUE_GRACE.toSeconds() + "s")
                    .setTask(execution -> tick(job, execution.getScheduledFireTime()))
                    .schedule();
            triggers.put(job.name(), trigger);
        }
        LOG.infof("Jobs scheduled on %s: %s", instance, triggers.keySet());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (workers != null) {
            workers.shutdown();
            leases.shutdown();
        }
    }

    public String instance() {
        return instance;
    }

    /** When the job fires next on this instance, if it is scheduled. */
    public Optional<Instant> nextRun(String job) {
        return Optional.ofNullable(triggers.get(job)).map(Trigger::getNextFireTime);
    }

    /**
     * Takes the tick, and any the scheduler passed over before it, if no other instance has, and runs the job for each,
     * on the runner's own threads.
     */
    void tick(JobDefinition job, Instant fireTime) {
        List<Instant> ticks = missedTicks.fired(job, fireTime.truncatedTo(ChronoUnit.SECONDS));
        if (ticks.size() > 1) {
            LOG.infof("Job %s: the scheduler passed over %d tick(s) before %s (its check came late); running them too",
                    job.name(), ticks.size() - 1, fireTime);
        }
        for (Instant tick : ticks) {
            try {
                workers.execute(() -> claim(job, tick));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debugf("Job %s: tick %s not taken, the application is stopping", job.name(), tick);
                return;
            }
        }
    }

    private void claim(JobDefinition job, Instant fireTime) {
        Instant tick = fireTime.truncatedTo(ChronoUnit.SECONDS);
        Instant now = Instant.now();
        Optional<JobRun> run;
        try {
            run = storage.write(s -> s.jobs().start(job.name(), tick, "schedule", instance, now, leaseFrom(now)));
        } catch (StorageException e) {
            LOG.warnf("Job %s could not record its run for %s (%s); this tick is skipped here", job.name(), tick,
                    e.getMessage());
            return;
        }
        run.ifPresent(r -> execute(job, r));
    }

    /**
     * Starts a run of {@code job} now, outside its schedule, on this instance.
     *
     * @return the run, already started
     */
    public JobRun trigger(JobDefinition job) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobRun run = storage.write(s -> s.jobs().start(job.name(), now, "manual", instance, now, leaseFrom(now)))
                .orElseThrow(() -> new IllegalStateException("a run of " + job.name() + " exists for " + now));
        workers.execute(() -> execute(job, run));
        return run;
    }

    /** Takes over runs whose instance stopped renewing their lease, and runs them again. */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (workers != null && !workers.isShutdown()) {
            try {
                workers.execute(this::takeOverAbandoned);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("No sweep for abandoned job runs: the application is stopping");
            }
        }
    }

    private void takeOverAbandoned() {
        try {
            Instant now = Instant.now();
            for (JobRun expired : storage.read(s -> s.jobs().expired(now, 10))) {
                Optional<JobDefinition> job = jobs.find(expired.job());
                if (job.isEmpty() || !job.get().active()) {
                    continue;
                }
                storage.write(s -> s.jobs().takeOver(expired.id(), instance, now, leaseFrom(now)))
                        .ifPresent(run -> {
                            LOG.infof("Job %s: the run for %s on %s stopped renewing its lease; running it again"
                                    + " (attempt %d)", run.job(), run.scheduledAt(), expired.instance(),
                                    run.attempt());
                            execute(job.get(), run);
                        });
            }
        } catch (StorageException e) {
            LOG.warnf("Could not look for abandoned job runs (%s)", e.getMessage());
        }
    }

    private void execute(JobDefinition job, JobRun run) {
        long renewEvery = Math.max(1, config.jobs().lease().toMillis() / 3);
        ScheduledFuture<?> renewal = leases.scheduleAtFixedRate(() -> renew(run), renewEvery, renewEvery,
                TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        String status = "succeeded";
        String summary = null;
        String error = null;
        try {
            summary = job.task().run(run.scheduledAt());
        } catch (Exception e) {
            status = "failed";
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            LOG.warnf(e, "Job %s failed for %s", job.name(), run.scheduledAt());
        } finally {
            renewal.cancel(false);
        }
        Timer.builder("quire.job.run").description("Job run durations by job and outcome").tag("job", job.name())
                .tag("status", status).register(registry).record(Duration.ofNanos(System.nanoTime() - started));
        String finalStatus = status;
        String finalSummary = truncate(summary);
        String finalError = truncate(error);
        try {
            if (!storage.write(s -> s.jobs().finish(run.id(), instance, finalStatus, Instant.now(), finalSummary,
                    finalError))) {
                LOG.warnf("Job %s: the run for %s was taken over by another instance before it finished here",
                        job.name(), run.scheduledAt());
            }
        } catch (StorageException e) {
            LOG.warnf("Job %s could not record the end of its run for %s (%s); its lease will expire and it will"
                    + " run again", job.name(), run.scheduledAt(), e.getMessage());
        }
    }

    private void renew(JobRun run) {
        try {
            storage.write(s -> s.jobs().renew(run.id(), instance, leaseFrom(Instant.now())));
        } catch (StorageException e) {
            LOG.debugf("Could not renew the lease of job run %d: %s", run.id(), e.getMessage());
        }
    }

    private Instant leaseFrom(Instant now) {
        return now.plus(config.jobs().lease());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
