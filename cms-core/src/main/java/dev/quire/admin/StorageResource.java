package dev.quire.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.quire.api.ApiError;
import dev.quire.jobs.Backups;
import dev.quire.security.Caller;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.Storage.BackupResult;
import dev.quire.storage.spi.Storage.StorageStatus;

/** {@code /admin/storage}: what the database is and how it is doing, and a backup on demand (SQLite). */
@jakarta.ws.rs.Path("/admin/storage")
@Produces(MediaType.APPLICATION_JSON)
public class StorageResource {

    @Inject
    Storage storage;

    @Inject
    Backups backups;

    @Inject
    Caller caller;

    @GET
    public Map<String, Object> get() throws IOException {
        caller.access().require(AdminArea.STORAGE);
        StorageStatus s = storage.status();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", s.kind());
        view.put("databaseVersion", s.databaseVersion());
        view.put("location", s.location());
        view.put("databaseBytes", s.databaseBytes());
        view.put("walBytes", s.walBytes());
        view.put("pool", Map.of("active", s.pool().active(), "max", s.pool().max(), "awaiting", s.pool().awaiting()));
        if (s.writeQueue() != null) {
            Map<String, Object> queue = new LinkedHashMap<>();
            queue.put("depth", s.writeQueue().depth());
            queue.put("oldestWaitMillis", s.writeQueue().oldestWait().toMillis());
            queue.put("saturated", s.writeQueue().saturated());
            queue.put("writes", s.writeQueue().writes());
            queue.put("batches", s.writeQueue().batches());
            queue.put("averageWaitMillis", s.writeQueue().writes() == 0
                    ? 0
                    : s.writeQueue().totalWait().toMillis() / (double) s.writeQueue().writes());
            queue.put("busyEvents", s.writeQueue().busyEvents());
            queue.put("refused", s.writeQueue().startTimeouts());
            view.put("writeQueue", queue);
        }
        List<Path> taken = storage.capabilities().supportsFileBackup() ? backups.list() : List.of();
        view.put("lastBackup", taken.isEmpty() ? null : backupView(taken.get(0)));
        view.put("backups", storage.capabilities().supportsFileBackup()
                ? "cms.backup.dir, newest " + taken.size() + " kept"
                : "use pg_dump or point-in-time recovery; see the README");
        return Map.of("data", view);
    }

    /** Takes a verified backup now (SQLite); 201 with its file, or 409 on a storage without file backups. */
    @POST
    @jakarta.ws.rs.Path("backup")
    @Consumes(MediaType.WILDCARD)
    public Response backup() {
        caller.access().require(AdminArea.STORAGE);
        if (!storage.capabilities().supportsFileBackup()) {
            throw ApiError.conflict(storage.kind() + " is backed up with its own tools (pg_dump, point-in-time"
                    + " recovery); see the README");
        }
        var access = caller.access();
        BackupResult result = backups.backup();
        storage.write(s -> {
            s.audit().append(access.audit("storage.backup", result.file().getFileName().toString(), "success",
                    Instant.now()));
            return null;
        });
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("file", result.file().toString());
        view.put("bytes", result.bytes());
        view.put("integrity", result.integrity());
        view.put("tookMillis", result.took().toMillis());
        return Response.status(201).entity(Map.of("data", view)).build();
    }

    private static Map<String, Object> backupView(Path file) throws IOException {
        return Map.of("file", file.toAbsolutePath().toString(), "bytes", Files.size(file), "at",
                Files.getLastModifiedTime(file).toInstant().toString());
    }
}
