package dev.quire.api;

import java.util.List;
import java.util.Map;

/**
 * A failure to report to the client in Strapi's error shape. Every 4xx Quire answers is one of these, built here so
 * that status, name and message stay consistent.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String name;
    private final Map<String, Object> details;

    private ApiError(int status, String name, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.name = name;
        this.details = details;
    }

    /** One invalid value: where it is (a path of keys and indexes) and what is wrong with it. */
    public record Problem(List<Object> path, String message) {

        public static Problem at(String field, String message) {
            return new Problem(List.of(field), message);
        }
    }

    public static ApiError validation(String message) {
        return new ApiError(400, "ValidationError", message, Map.of());
    }

    public static ApiError validation(List<Problem> problems) {
        String message = problems.size() == 1
                ? problems.get(0).message()
                : problems.size() + " errors occurred";
        List<Map<String, Object>> errors = problems.stream()
                .map(p -> Map.<String, Object>of("path", p.path(), "message", p.message(), "name", "ValidationError"))
                .toList();
        return new ApiError(400, "ValidationError", message, Map.of("errors", errors));
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NotFoundError", message, Map.of());
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "UnauthorizedError", message, Map.of());
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "ForbiddenError", message, Map.of());
    }

    public static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "MethodNotAllowedError", message, Map.of());
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "ConflictError", message, Map.of());
    }

    public static ApiError preconditionFailed(String message) {
        return new ApiError(412, "PreconditionFailedError", message, Map.of());
    }

    public static ApiError of(int status, String name, String message) {
        return new ApiError(status, name, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String name() {
        return name;
    }

    public Map<String, Object> details() {
        return details;
    }
}
