package dev.quire.content;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.security.Caller;
import dev.quire.security.Permissions;

/**
 * {@code /admin/content/{pluralName}/{documentId}}: a document's draft, published version and schedule in one locale
 * ({@code ?locale=}), and {@code /schedule} to set ({@code PUT {"publishAt","unpublishAt"}}) or clear ({@code DELETE})
 * when the scheduled-publishing job publishes and unpublishes it.
 */
@Path("/admin/content/{name}/{documentId}")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    @Inject
    Entries entries;

    @Inject
    Caller caller;

    @Context
    UriInfo uri;

    @GET
    public Map<String, Object> get(@PathParam("name") String name, @PathParam("documentId") String documentId) {
        return Map.of("data", entries.adminView(caller.access(), name, documentId, uri.getQueryParameters()));
    }

    @PUT
    @Path("schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> schedule(@PathParam("name") String name, @PathParam("documentId") String documentId,
            JsonNode body) {
        entries.require(caller.access(), name, Permissions.Action.publish);
        if (body == null || !body.isObject()) {
            throw ApiError.validation("The request body must be a JSON object");
        }
        List<Problem> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!Set.of("publishAt", "unpublishAt").contains(f)) {
                problems.add(Problem.at(f, "unknown field; expected publishAt and unpublishAt"));
            }
        });
        Instant publishAt = instant(body, "publishAt", problems);
        Instant unpublishAt = instant(body, "unpublishAt", problems);
        if (problems.isEmpty() && publishAt == null && unpublishAt == null) {
            problems.add(Problem.at("publishAt", "give publishAt, unpublishAt or both; DELETE clears a schedule"));
        }
        if (publishAt != null && unpublishAt != null && !unpublishAt.isAfter(publishAt)) {
            problems.add(Problem.at("unpublishAt", "unpublishAt must be after publishAt"));
        }
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        return Map.of("data", entries.schedule(caller.access(), name, documentId, uri.getQueryParameters(), publishAt,
                unpublishAt));
    }

    @DELETE
    @Path("schedule")
    public Response unschedule(@PathParam("name") String name, @PathParam("documentId") String documentId) {
        entries.unschedule(caller.access(), name, documentId, uri.getQueryParameters());
        return Response.noContent().build();
    }

    private static Instant instant(JsonNode body, String key, List<Problem> problems) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isTextual()) {
                return OffsetDateTime.parse(value.textValue()).toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            }
        } catch (DateTimeParseException e) {
            problems.add(Problem.at(key, key + " is not a valid date-time: " + e.getParsedString()));
            return null;
        }
        problems.add(Problem.at(key, key + " must be an ISO-8601 date-time with an offset, such as"
                + " 2026-12-01T09:00:00Z"));
        return null;
    }
}
