package dev.quire.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.quire.api.ApiError;
import dev.quire.jobs.JobDefinition;
import dev.quire.jobs.JobRunner;
import dev.quire.jobs.Jobs;
import dev.quire.security.Caller;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.storage.spi.JobStore.JobRun;
import dev.quire.storage.spi.Storage;

/** {@code /admin/jobs}: the jobs, their schedules and run history, and a manual trigger. */
@Path("/admin/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    @Inject
    Jobs jobs;

    @Inject
    JobRunner runner;

    @GET
    public Map<String, Object> list() {
        caller.access().require(AdminArea.JOBS);
        return Map.of("data", jobs.all().stream().map(this::view).toList());
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        caller.access().require(AdminArea.JOBS);
        return Map.of("data", view(job(name)));
    }

    @GET
    @Path("{name}/runs")
    public Map<String, Object> runs(@PathParam("name") String name, @QueryParam("pagination[page]") String page,
            @QueryParam("pagination[pageSize]") String pageSize) {
        caller.access().require(AdminArea.JOBS);
        job(name);
        int p = AuditResource.number("pagination[page]", page, 1, 1, Integer.MAX_VALUE);
        int size = AuditResource.number("pagination[pageSize]", pageSize, 25, 1, 100);
        return storage.read(s -> {
            List<JobRun> runs = s.jobs().runs(name, (p - 1) * size, size);
            long total = s.jobs().countRuns(name);
            return Map.of("data", runs.stream().map(JobResource::view).toList(), "meta",
                    Map.of("pagination", AuditResource.pagination(p, size, total)));
        });
    }

    /** Runs the job now on this instance, whatever its schedule; 202 with the started run. */
    @POST
    @Path("{name}/trigger")
    @Consumes(MediaType.WILDCARD)
    public Response trigger(@PathParam("name") String name) {
        caller.access().require(AdminArea.JOBS);
        JobDefinition job = job(name);
        if (job.unavailable() != null) {
            throw ApiError.conflict("Job " + name + " cannot run here: " + job.unavailable());
        }
        var access = caller.access();
        JobRun run = runner.trigger(job);
        storage.write(s -> {
            s.audit().append(access.audit("job.trigger", "job/" + name, "success", run.startedAt()));
            return null;
        });
        return Response.accepted(Map.of("data", view(run))).build();
    }

    private JobDefinition job(String name) {
        return jobs.find(name).orElseThrow(() -> ApiError.notFound("Job " + name + " not found"));
    }

    private Map<String, Object> view(JobDefinition job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", job.name());
        view.put("description", job.description());
        view.put("cron", job.cron());
        view.put("timeZone", job.timeZone());
        view.put("enabled", job.active());
        view.put("unavailable", job.unavailable());
        view.put("nextRunAt", runner.nextRun(job.name()).map(Object::toString).orElse(null));
        view.put("lastRun", storage.read(s -> s.jobs().runs(job.name(), 0, 1)).stream().findFirst()
                .map(JobResource::view).orElse(null));
        return view;
    }

    private static Map<String, Object> view(JobRun run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("scheduledAt", run.scheduledAt().toString());
        view.put("trigger", run.trigger());
        view.put("instance", run.instance());
        view.put("status", run.status());
        view.put("attempt", run.attempt());
        view.put("startedAt", run.startedAt().toString());
        view.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        view.put("summary", run.summary());
        view.put("error", run.error());
        return view;
    }
}
