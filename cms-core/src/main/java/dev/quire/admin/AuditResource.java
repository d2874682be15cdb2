package dev.quire.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.security.Caller;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.storage.spi.AuditStore;
import dev.quire.storage.spi.Storage;

/**
 * {@code GET /admin/audit-logs}: filter by {@code actor}, {@code action}, {@code outcome}, {@code since},
 * {@code until}.
 */
@Path("/admin/audit-logs")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    @GET
    public Map<String, Object> list(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("target") String target,
            @QueryParam("outcome") String outcome, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("pagination[page]") String page,
            @QueryParam("pagination[pageSize]") String pageSize) {
        caller.access().require(AdminArea.AUDIT_LOG);
        int p = number("pagination[page]", page, 1, 1, Integer.MAX_VALUE);
        int size = number("pagination[pageSize]", pageSize, 25, 1, 100);
        if (outcome != null && !List.of("success", "denied", "failure").contains(outcome)) {
            throw ApiError.validation(List.of(Problem.at("outcome", "outcome must be success, denied or failure")));
        }
        AuditStore.Page result = storage
                .read(s -> s.audit().list(new AuditStore.AuditQuery(actor, action, target, outcome,
                        instant("since", since), instant("until", until), (long) (p - 1) * size, size)));
        return Map.of("data", result.items().stream().map(AuditResource::view).toList(), "meta",
                Map.of("pagination", pagination(p, size, result.total().orElse(0))));
    }

    private static Map<String, Object> view(AuditStore.AuditEntry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", e.at().toString());
        view.put("actor", Map.of("kind", e.actorKind(), "id", e.actorId(), "label", e.actorLabel()));
        view.put("action", e.action());
        view.put("target", e.target());
        view.put("address", e.address());
        view.put("outcome", e.outcome());
        return view;
    }

    /** The {@code meta.pagination} of an admin list, in the content API's shape. */
    static Map<String, Object> pagination(int page, int size, long total) {
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("pageSize", size);
        pagination.put("pageCount", (total + size - 1) / size);
        pagination.put("total", total);
        return pagination;
    }

    static int number(String key, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            return Math.min(max, Math.max(min, Integer.parseInt(value)));
        } catch (NumberFormatException e) {
            throw ApiError.validation(List.of(Problem.at(key, key + " must be an integer")));
        }
    }

    private static Instant instant(String key, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.validation(List.of(Problem.at(key, key + " must be an ISO-8601 instant")));
        }
    }
}
