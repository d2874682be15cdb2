package dev.quire.content;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import dev.quire.api.ETags;
import dev.quire.security.Caller;

/**
 * The content API in Strapi 5's REST shape: {@code /api/{pluralName}} and {@code /api/{pluralName}/{documentId}} for
 * collection types, {@code /api/{singularName}} for single types; bodies {@code {"data": ...}}, responses
 * {@code {"data": ..., "meta": ...}}.
 */
@Path("/api/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContentResource {

    @Inject
    Entries entries;

    @Context
    UriInfo uri;

    @Inject
    Caller caller;

    @GET
    public Response find(@PathParam("name") String name) {
        Object found = entries.find(caller.access(), name, uri.getQueryParameters());
        if (found instanceof Entries.Listed listed) {
            return Response.ok(envelope(listed.data(), Map.of("pagination", listed.pagination()))).build();
        }
        return single((Entries.Rendered) found, 200);
    }

    @POST
    public Response create(@PathParam("name") String name, JsonNode body) {
        return single(entries.create(caller.access(), name, body, uri.getQueryParameters()), 201);
    }

    @PUT
    public Response putSingle(@PathParam("name") String name, JsonNode body, @HeaderParam("If-Match") String ifMatch) {
        return single(
                entries.put(caller.access(), name, body, uri.getQueryParameters(), ETags.expectedVersion(ifMatch)),
                200);
    }

    @DELETE
    public Response deleteSingle(@PathParam("name") String name, @HeaderParam("If-Match") String ifMatch) {
        entries.deleteSingle(caller.access(), name, uri.getQueryParameters(), ETags.expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    /** {@code POST /api/{singularName}/publish} and {@code .../unpublish} for a single type. */
    @POST
    @Path("{action}")
    @Consumes(MediaType.WILDCARD)
    public Response singleTypeAction(@PathParam("name") String name, @PathParam("action") String action) {
        return single(act(name, null, action), 200);
    }

    @POST
    @Path("{documentId}/{action}")
    @Consumes(MediaType.WILDCARD)
    public Response action(@PathParam("name") String name, @PathParam("documentId") String documentId,
            @PathParam("action") String action) {
        return single(act(name, documentId, action), 200);
    }

    private Entries.Rendered act(String name, String documentId, String action) {
        return switch (action) {
            case "publish" -> entries.publish(caller.access(), name, documentId, uri.getQueryParameters());
            case "unpublish" -> entries.unpublish(caller.access(), name, documentId, uri.getQueryParameters());
            default -> throw ApiError.notFound("Not Found");
        };
    }

    @GET
    @Path("{documentId}")
    public Response get(@PathParam("name") String name, @PathParam("documentId") String documentId) {
        return single(entries.get(caller.access(), name, documentId, uri.getQueryParameters()), 200);
    }

    @PUT
    @Path("{documentId}")
    public Response update(@PathParam("name") String name, @PathParam("documentId") String documentId,
            JsonNode body, @HeaderParam("If-Match") String ifMatch) {
        return single(entries.update(caller.access(), name, documentId, body, uri.getQueryParameters(),
                ETags.expectedVersion(ifMatch)), 200);
    }

    @DELETE
    @Path("{documentId}")
    public Response delete(@PathParam("name") String name, @PathParam("documentId") String documentId,
            @HeaderParam("If-Match") String ifMatch) {
        entries.delete(caller.access(), name, documentId, uri.getQueryParameters(), ETags.expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    /** Strapi's response body, {@code data} first. */
    private static Map<String, Object> envelope(Object data, Map<String, Object> meta) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("meta", meta);
        return body;
    }

    private static Response single(Entries.Rendered rendered, int status) {
        return Response.status(status).entity(envelope(rendered.data(), Map.of()))
                .tag(ETags.of(rendered.version())).build();
    }
}
