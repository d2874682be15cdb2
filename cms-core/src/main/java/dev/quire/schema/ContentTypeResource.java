package dev.quire.schema;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.quire.api.ETags;
import dev.quire.security.Caller;
import dev.quire.security.Permissions.AdminArea;

/** {@code /admin/content-types}: define content types at runtime in Strapi's {@code schema.json} shape. */
@Path("/admin/content-types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContentTypeResource {

    @Inject
    ContentTypes contentTypes;

    @Inject
    Caller caller;

    @GET
    public Map<String, Object> list() {
        caller.requireUser();
        return Map.of("data", contentTypes.list().stream().map(ContentTypeResource::view).toList());
    }

    @GET
    @Path("{uid}")
    public Response get(@PathParam("uid") String uid) {
        caller.requireUser();
        ContentType type = contentTypes.get(uid);
        return Response.ok(Map.of("data", view(type))).tag(etag(type)).build();
    }

    @POST
    public Response create(JsonNode body) {
        caller.access().require(AdminArea.CONTENT_TYPES);
        ContentType type = contentTypes.create(caller.access(), body);
        return Response.status(201).entity(Map.of("data", view(type))).tag(etag(type)).build();
    }

    @PUT
    @Path("{uid}")
    public Response update(@PathParam("uid") String uid, JsonNode body, @HeaderParam("If-Match") String ifMatch) {
        caller.access().require(AdminArea.CONTENT_TYPES);
        ContentType type = contentTypes.update(caller.access(), uid, body, ETags.expectedVersion(ifMatch));
        return Response.ok(Map.of("data", view(type))).tag(etag(type)).build();
    }

    @DELETE
    @Path("{uid}")
    public Response delete(@PathParam("uid") String uid) {
        caller.access().require(AdminArea.CONTENT_TYPES);
        contentTypes.delete(caller.access(), uid);
        return Response.noContent().build();
    }

    private static String etag(ContentType type) {
        return ETags.of(type.record().version());
    }

    static Map<String, Object> view(ContentType type) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("uid", type.uid());
        view.put("apiID", type.schema().singularName());
        view.put("kind", type.schema().kind().wireName());
        view.put("version", type.record().version());
        view.put("createdAt", type.record().createdAt().toString());
        view.put("updatedAt", type.record().updatedAt().toString());
        view.put("schema", type.schema().document());
        return view;
    }
}
