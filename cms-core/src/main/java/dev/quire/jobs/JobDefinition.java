package dev.quire.jobs;

/**
 * A job as configured: its cron expression (Quartz syntax, seconds first) in a time zone, whether it runs, and what it
 * does.
 *
 * @param unavailable
 *            why the job cannot run on this storage, or null
 */
public record JobDefinition(String name, String description, String cron, String timeZone, boolean enabled,
        String unavailable, JobTask task) {

    public boolean active() {
        return enabled && unavailable == null;
    }
}
