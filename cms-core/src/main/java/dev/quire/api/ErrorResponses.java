package dev.quire.api;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.vertx.core.http.HttpClosedException;

import dev.quire.security.TooManyAttempts;
import dev.quire.storage.spi.EntryExists;
import dev.quire.storage.spi.NameTaken;
import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.StorageBusy;
import dev.quire.storage.spi.StorageException;
import dev.quire.storage.spi.StorageUnavailable;
import dev.quire.storage.spi.UniqueViolation;
import dev.quire.storage.spi.VersionConflict;

/**
 * The one place where exceptions become HTTP responses, all in Strapi's body
 * {@code {"data":null,"error":{"status","name","message","details"}}}. No response carries a stack trace or SQL.
 */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        return response(e);
    }

    /** The response for {@code e}, for filters that answer before a resource runs. */
    public static Response response(ApiError e) {
        return body(e.status(), e.name(), e.getMessage(), e.details()).build();
    }

    @ServerExceptionMapper
    public Response storage(StorageException e) {
        if (e instanceof StorageBusy busy) {
            return busy("The database is busy; retry shortly. Nothing was written.", busy.retryAfter());
        }
        if (e instanceof UniqueViolation unique) {
            return apiError(ApiError.validation(
                    java.util.List.of(ApiError.Problem.at(unique.field(), "This attribute must be unique"))));
        }
        if (e instanceof EntryExists) {
            return apiError(ApiError.conflict("The entry was added by another request at the same time; retry"));
        }
        if (e instanceof NameTaken taken) {
            return apiError(ApiError.conflict("'" + taken.name() + "' is already in use"));
        }
        if (e instanceof NotFound notFound) {
            return apiError(ApiError.notFound("Not Found: no such " + notFound.what()));
        }
        if (e instanceof VersionConflict) {
            return apiError(ApiError.conflict("The resource was changed by someone else; reload it and retry"));
        }
        if (e instanceof StorageUnavailable) {
            LOG.error("storage unavailable", e);
            return body(503, "ServiceUnavailableError", "The database is unavailable; retry shortly.", Map.of())
                    .header("Retry-After", "5").build();
        }
        return internal(e);
    }

    @ServerExceptionMapper
    public Response tooManyAttempts(TooManyAttempts e) {
        return body(429, "RateLimitError", e.getMessage(), Map.of()).header("Retry-After", seconds(e.retryAfter()))
                .build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return apiError(ApiError.validation("The request body is not valid JSON"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (e instanceof NotFoundException) {
            return apiError(ApiError.notFound("Not Found"));
        }
        if (e.getCause() instanceof JsonProcessingException) {
            return malformedJson((JsonProcessingException) e.getCause());
        }
        String name = switch (status) {
            case 400 -> "ValidationError";
            case 401 -> "UnauthorizedError";
            case 403 -> "ForbiddenError";
            case 405 -> "MethodNotAllowedError";
            case 406 -> "NotAcceptableError";
            case 413 -> "PayloadTooLargeError";
            case 415 -> "UnsupportedMediaTypeError";
            default -> "ApplicationError";
        };
        String message = status == 400 ? "Bad request" : e.getResponse().getStatusInfo().getReasonPhrase();
        return body(status, name, message, Map.of()).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (clientWentAway(e)) {
            // nobody reads this answer; the client closed its connection while its body was being read
            LOG.debugf("client closed the connection before its request body arrived: %s", e);
            return apiError(ApiError.validation("The request body did not arrive: the connection was closed"));
        }
        return internal(e);
    }

    /** Whether {@code e} comes from reading the body of a request whose connection the client has closed. */
    static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private Response internal(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "internal error, incident %s", incident);
        return body(500, "InternalServerError", "An internal error occurred (incident " + incident + ")", Map.of())
                .build();
    }

    /** 503 with {@code Retry-After}: a write that could not begin in time, of which nothing was applied. */
    static Response busy(String message, Duration retryAfter) {
        return body(503, "ServiceUnavailableError", message, Map.of()).header("Retry-After", seconds(retryAfter))
                .build();
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    static Response.ResponseBuilder body(int status, String name, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("name", name);
        error.put("message", message);
        error.put("details", details);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", null);
        body.put("error", error);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
    }
}
