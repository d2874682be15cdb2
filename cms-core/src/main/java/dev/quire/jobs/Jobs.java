package dev.quire.jobs;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.CmsConfig;
import dev.quire.admin.Retention;
import dev.quire.storage.spi.Storage;

/** The jobs Quire runs, with their configured schedules. */
@ApplicationScoped
public class Jobs {

    @Inject
    CmsConfig config;

    @Inject
    Storage storage;

    @Inject
    ScheduledPublishing publishing;

    @Inject
    Retention retention;

    @Inject
    Backups backups;

    private volatile List<JobDefinition> all;

    public List<JobDefinition> all() {
        List<JobDefinition> jobs = all;
        if (jobs == null) {
            CmsConfig.Jobs c = config.jobs();
            jobs = List.of(
                    new JobDefinition("scheduled-publishing", "Publishes and unpublishes entries whose time has come",
                            c.scheduledPublishing().cron(), c.scheduledPublishing().timeZone().orElse(c.timeZone()),
                            c.scheduledPublishing().enabled(), null, publishing::run),
                    new JobDefinition("retention", "Deletes old audit entries, webhook deliveries, job runs and"
                            + " ended tokens", c.retention().cron(), c.retention().timeZone().orElse(c.timeZone()),
                            c.retention().enabled(), null, retention::run),
                    new JobDefinition("backup", "Backs up the SQLite database to cms.backup.dir and keeps the last "
                            + config.backup().keep(), c.backup().cron(), c.backup().timeZone().orElse(c.timeZone()),
                            c.backup().enabled(), storage.capabilities().supportsFileBackup()
                                    ? null
                                    : "this storage has no file backup; back PostgreSQL up with pg_dump or"
                                            + " point-in-time recovery (see the README)",
                            backups::run));
            all = jobs;
        }
        return jobs;
    }

    public Optional<JobDefinition> find(String name) {
        return all().stream().filter(j -> j.name().equals(name)).findFirst();
    }
}
