package dev.quire.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * The ticks of a job's schedule that the scheduler passed over. Quarkus's scheduler checks its triggers once a second
 * and fires a cron trigger for its latest tick only: a check that comes more than one period late (a CPU busy with
 * load, a long pause) never fires the ticks in between. This remembers the last tick fired for each job and gives, with
 * each new one, those skipped since, so that every tick still runs once on whichever instance claims it. Ticks from
 * before the first one fired in this process (while it was down or starting) are not replayed, nor ticks older than the
 * overdue grace period before the one fired.
 */
final class MissedTicks {

    private static final CronParser QUARTZ = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private static final Logger LOG = Logger.getLogger(MissedTicks.class);

    private final Duration grace;
    private final Map<String, Instant> lastFired = new ConcurrentHashMap<>();
    private final Map<String, Optional<Schedule>> schedules = new ConcurrentHashMap<>();

    /** A job's schedule as read once: its cron expression's execution times, in its time zone. */
    private record Schedule(ExecutionTime times, ZoneId zone) {
    }

    MissedTicks(Duration grace) {
        this.grace = grace;
    }

    /**
     * The ticks to claim now that {@code tick} (a whole second, as the runner truncates it) has fired: those skipped
     * since the last one, oldest first, then it.
     */
    List<Instant> fired(JobDefinition job, Instant tick) {
        Instant previous = lastFired.get(job.name());
        lastFired.merge(job.name(), tick, (a, b) -> a.isAfter(b) ? a : b);
        List<Instant> ticks = new ArrayList<>();
        Optional<Schedule> parsed = schedules.computeIfAbsent(job.name(), name -> parse(job));
        if (previous != null && tick.isAfter(previous) && parsed.isPresent()) {
            Schedule schedule = parsed.get();
            Instant oldest = tick.minus(grace);
            Instant after = previous.isBefore(oldest) ? oldest.minusSeconds(1) : previous;
            Optional<ZonedDateTime> next = schedule.times().nextExecution(after.atZone(schedule.zone()));
            while (next.isPresent() && next.get().toInstant().isBefore(tick)) {
                ticks.add(next.get().toInstant());
                next = schedule.times().nextExecution(next.get());
            }
        }
        ticks.add(tick);
        return ticks;
    }

    /** The job's schedule and time zone, read once; a schedule this cannot read still has each fired tick claimed. */
    private static Optional<Schedule> parse(JobDefinition job) {
        try {
            return Optional
                    .of(new Schedule(ExecutionTime.forCron(QUARTZ.parse(job.cron())), ZoneId.of(job.timeZone())));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Job %s: its cron expression %s is not Quartz syntax (%s); ticks the scheduler passes over will"
                    + " not be run", job.name(), job.cron(), e.getMessage());
            return Optional.empty();
        }
    }
}
