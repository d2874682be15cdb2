package dev.quire.admin;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.quire.CmsConfig;
import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.security.Caller;
import dev.quire.security.Permissions.AdminArea;
import dev.quire.storage.spi.NewDomainEvent;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.WebhookStore.AttemptRecord;
import dev.quire.storage.spi.WebhookStore.DeliveryRecord;
import dev.quire.storage.spi.WebhookStore.WebhookDefinition;
import dev.quire.storage.spi.WebhookStore.WebhookRecord;
import dev.quire.webhooks.WebhookSecrets;
import dev.quire.webhooks.WebhookTargets;

/**
 * {@code /admin/webhooks}: endpoints that receive domain events, their signing secrets, their delivery log and
 * redelivery. A webhook's secret is shown only when it is created or rotated.
 */
@Path("/admin/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {

    /** The events a webhook may subscribe to. */
    public static final Set<String> EVENTS = Set.of("entry.create", "entry.update", "entry.delete", "entry.publish",
            "entry.unpublish", "content-type.create", "content-type.update", "content-type.delete");
    private static final Set<String> STATUSES = Set.of("pending", "succeeded", "failed");
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host", "connection",
            "transfer-encoding", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final int MAX_HEADERS = 20;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    @Inject
    Storage storage;

    @Inject
    Caller caller;

    @Inject
    WebhookTargets targets;

    @Inject
    CmsConfig config;

    @Inject
    ObjectMapper json;

    @GET
    public Map<String, Object> list() {
        caller.access().require(AdminArea.WEBHOOKS);
        return Map.of("data", storage.read(s -> s.webhooks().list()).stream().map(w -> view(w, false)).toList());
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("id") long id) {
        caller.access().require(AdminArea.WEBHOOKS);
        return Map.of("data", view(find(id), false));
    }

    @POST
    public Response create(JsonNode body) {
        caller.access().require(AdminArea.WEBHOOKS);
        WebhookDefinition definition = definition(body, null);
        String secret = WebhookSecrets.newSecret();
        var access = caller.access();
        Instant now = now();
        WebhookRecord created = storage.write(s -> {
            requireModels(s.contentTypes().list().stream().map(t -> t.uid()).collect(Collectors.toSet()),
                    definition);
            WebhookRecord w = s.webhooks().create(definition, secret, now);
            s.audit().append(access.audit("webhook.create", "webhook/" + w.id(), "success", now));
            return w;
        });
        return Response.status(201).entity(Map.of("data", view(created, true))).build();
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("id") long id, JsonNode body) {
        caller.access().require(AdminArea.WEBHOOKS);
        WebhookDefinition definition = definition(body, find(id).definition());
        var access = caller.access();
        Instant now = now();
        WebhookRecord updated = storage.write(s -> {
            requireModels(s.contentTypes().list().stream().map(t -> t.uid()).collect(Collectors.toSet()),
                    definition);
            WebhookRecord w = s.webhooks().update(id, definition, now);
            s.audit().append(access.audit("webhook.update", "webhook/" + id, "success", now));
            return w;
        });
        return Map.of("data", view(updated, false));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        caller.access().require(AdminArea.WEBHOOKS);
        var access = caller.access();
        Instant now = now();
        storage.write(s -> {
            if (!s.webhooks().delete(id)) {
                throw notFound();
            }
            s.audit().append(access.audit("webhook.delete", "webhook/" + id, "success", now));
            return null;
        });
        return Response.noContent().build();
    }

    /** A new secret; the old one keeps signing alongside it for {@code cms.webhooks.secret-overlap}. */
    @POST
    @Path("{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> rotateSecret(@PathParam("id") long id) {
        caller.access().require(AdminArea.WEBHOOKS);
        String secret = WebhookSecrets.newSecret();
        var access = caller.access();
        Instant now = now();
        WebhookRecord rotated = storage.write(s -> {
            s.webhooks().find(id).orElseThrow(WebhookResource::notFound);
            s.audit().append(access.audit("webhook.rotate-secret", "webhook/" + id, "success", now));
            return s.webhooks().rotateSecret(id, secret, now.plus(config.webhooks().secretOverlap()), now);
        });
        return Map.of("data", view(rotated, true));
    }

    /** Queues a {@code webhook.test} event for this webhook only; its delivery shows in the log like any other. */
    @POST
    @Path("{id}/test")
    @Consumes(MediaType.WILDCARD)
    public Response test(@PathParam("id") long id) {
        caller.access().require(AdminArea.WEBHOOKS);
        var access = caller.access();
        Instant now = now();
        DeliveryRecord delivery = storage.write(s -> {
            WebhookRecord w = requireEnabled(s.webhooks().find(id).orElseThrow(WebhookResource::notFound));
            String subject = write(Map.of("id", w.id(), "name", w.definition().name()));
            long eventId = s.events().append(new NewDomainEvent("webhook.test", "", "webhook-" + id, "", subject, now))
                    .id();
            s.audit().append(access.audit("webhook.test", "webhook/" + id, "success", now));
            return s.webhooks().enqueue(id, eventId, WebhookSecrets.newMessageId(), null, now);
        });
        return Response.accepted(Map.of("data", view(delivery, List.of()))).build();
    }

    @GET
    @Path("{id}/deliveries")
    public Map<String, Object> deliveries(@PathParam("id") long id, @QueryParam("status") String status,
            @QueryParam("pagination[page]") String page, @QueryParam("pagination[pageSize]") String pageSize) {
        caller.access().require(AdminArea.WEBHOOKS);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.validation(List.of(Problem.at("status", "status must be pending, succeeded or failed")));
        }
        int p = AuditResource.number("pagination[page]", page, 1, 1, Integer.MAX_VALUE);
        int size = AuditResource.number("pagination[pageSize]", pageSize, 25, 1, 100);
        return storage.read(s -> {
            s.webhooks().find(id).orElseThrow(WebhookResource::notFound);
            List<DeliveryRecord> items = s.webhooks().deliveries(id, status, (p - 1) * size, size);
            Map<Long, List<AttemptRecord>> attempts = s.webhooks()
                    .attempts(items.stream().map(DeliveryRecord::id).toList()).stream()
                    .collect(Collectors.groupingBy(AttemptRecord::deliveryId));
            long total = s.webhooks().countDeliveries(id, status);
            return Map.of("data", items.stream().map(d -> view(d, attempts.getOrDefault(d.id(), List.of()))).toList(),
                    "meta", Map.of("pagination", AuditResource.pagination(p, size, total)));
        });
    }

    @GET
    @Path("{id}/deliveries/{deliveryId}")
    public Map<String, Object> delivery(@PathParam("id") long id, @PathParam("deliveryId") long deliveryId) {
        caller.access().require(AdminArea.WEBHOOKS);
        return storage.read(s -> {
            DeliveryRecord d = s.webhooks().delivery(id, deliveryId)
                    .orElseThrow(() -> ApiError.notFound("Delivery not found"));
            return Map.of("data", view(d, s.webhooks().attempts(List.of(d.id()))));
        });
    }

    /** Queues the delivery's event again for this webhook, as a new delivery with its own {@code webhook-id}. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    @Consumes(MediaType.WILDCARD)
    public Response redeliver(@PathParam("id") long id, @PathParam("deliveryId") long deliveryId) {
        caller.access().require(AdminArea.WEBHOOKS);
        var access = caller.access();
        Instant now = now();
        DeliveryRecord delivery = storage.write(s -> {
            requireEnabled(s.webhooks().find(id).orElseThrow(WebhookResource::notFound));
            DeliveryRecord original = s.webhooks().delivery(id, deliveryId)
                    .orElseThrow(() -> ApiError.notFound("Delivery not found"));
            s.audit().append(access.audit("webhook.redeliver", "webhook/" + id + "/deliveries/" + deliveryId,
                    "success", now));
            return s.webhooks().enqueue(id, original.eventId(), WebhookSecrets.newMessageId(), original.id(), now);
        });
        return Response.accepted(Map.of("data", view(delivery, List.of()))).build();
    }

    private WebhookRecord find(long id) {
        return storage.read(s -> s.webhooks().find(id)).orElseThrow(WebhookResource::notFound);
    }

    private static WebhookRecord requireEnabled(WebhookRecord w) {
        if (!w.definition().enabled()) {
            throw ApiError.conflict("Webhook " + w.id() + " is disabled; enable it first"
                    + (w.disabledReason() == null ? "" : " (" + w.disabledReason() + ")"));
        }
        return w;
    }

    /** The definition a body describes; fields it leaves out keep their values in {@code current}, if any. */
    private WebhookDefinition definition(JsonNode body, WebhookDefinition current) {
        if (body == null || !body.isObject()) {
            throw ApiError.validation("The request body must be a JSON object");
        }
        List<Problem> problems = new ArrayList<>();
        String name = current == null ? null : current.name();
        String url = current == null ? null : current.url();
        String events = current == null ? null : current.eventsJson();
        String models = current == null ? null : current.contentTypesJson();
        String headers = current == null ? "{}" : current.headersJson();
        boolean enabled = current == null || current.enabled();
        Set<String> known = Set.of("name", "url", "events", "contentTypes", "headers", "enabled");
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                problems.add(Problem.at(f, "unknown field; expected one of name, url, events, contentTypes, headers,"
                        + " enabled"));
            }
        });
        if (body.has("name") || current == null) {
            JsonNode n = body.get("name");
            if (n == null || !n.isTextual() || n.textValue().isBlank() || n.textValue().length() > 100) {
                problems.add(Problem.at("name", "name must be a non-blank string of at most 100 characters"));
            } else {
                name = n.textValue().strip();
            }
        }
        if (body.has("url") || current == null) {
            JsonNode u = body.get("url");
            if (u == null || !u.isTextual() || u.textValue().length() > 2048) {
                problems.add(Problem.at("url", "url must be a string of at most 2048 characters"));
            } else {
                try {
                    url = targets.validate(u.textValue()).toString();
                } catch (WebhookTargets.Refused e) {
                    problems.add(Problem.at("url", e.getMessage()));
                }
            }
        }
        if (body.has("events") || current == null) {
            List<String> list = strings(body.get("events"), "events", problems);
            if (list != null) {
                List<String> unknown = list.stream().filter(e -> !EVENTS.contains(e)).toList();
                if (list.isEmpty() || !unknown.isEmpty()) {
                    problems.add(Problem.at("events", "events must be a non-empty list of "
                            + EVENTS.stream().sorted().collect(Collectors.joining(", "))
                            + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown))));
                } else {
                    events = write(list);
                }
            }
        }
        if (body.has("contentTypes")) {
            JsonNode m = body.get("contentTypes");
            if (m.isNull()) {
                models = null;
            } else {
                List<String> list = strings(m, "contentTypes", problems);
                if (list != null && list.isEmpty()) {
                    problems.add(Problem.at("contentTypes", "contentTypes must name at least one content type, or"
                            + " be null for all"));
                } else if (list != null) {
                    models = write(list);
                }
            }
        }
        if (body.has("headers")) {
            headers = headers(body.get("headers"), problems);
        }
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                problems.add(Problem.at("enabled", "enabled must be true or false"));
            } else {
                enabled = body.get("enabled").booleanValue();
            }
        }
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        return new WebhookDefinition(name, url, events, models, headers, enabled);
    }

    private void requireModels(Set<String> existing, WebhookDefinition d) {
        if (d.contentTypesJson() == null) {
            return;
        }
        List<String> missing = read(d.contentTypesJson(), STRINGS).stream().filter(m -> !existing.contains(m))
                .toList();
        if (!missing.isEmpty()) {
            throw ApiError.validation(List.of(Problem.at("contentTypes", "There is no content type "
                    + String.join(", ", missing))));
        }
    }

    private static List<String> strings(JsonNode node, String key, List<Problem> problems) {
        if (node == null || !node.isArray()) {
            problems.add(Problem.at(key, key + " must be a list of strings"));
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.textValue().length() > 100) {
                problems.add(Problem.at(key, key + " must be a list of strings"));
                return null;
            }
            values.add(item.textValue());
        }
        return List.copyOf(values);
    }

    private String headers(JsonNode node, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        if (!node.isObject() || node.size() > MAX_HEADERS) {
            problems.add(Problem.at("headers", "headers must be an object of at most " + MAX_HEADERS
                    + " header names and string values"));
            return "{}";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> {
            String lower = f.getKey().toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(f.getKey()).matches()) {
                problems.add(Problem.at("headers", "'" + f.getKey() + "' is not a valid header name"));
            } else if (RESERVED_HEADERS.contains(lower)) {
                problems.add(Problem.at("headers", "'" + f.getKey() + "' is set by Quire and cannot be overridden"));
            } else if (!f.getValue().isTextual() || f.getValue().textValue().length() > 4096
                    || f.getValue().textValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                problems.add(Problem.at("headers", "the value of '" + f.getKey() + "' must be a single-line string"
                        + " of at most 4096 characters"));
            } else {
                headers.put(f.getKey(), f.getValue().textValue());
            }
        });
        return write(headers);
    }

    private Map<String, Object> view(WebhookRecord w, boolean withSecret) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", w.id());
        view.put("name", w.definition().name());
        view.put("url", w.definition().url());
        view.put("events", read(w.definition().eventsJson(), STRINGS));
        view.put("contentTypes", w.definition().contentTypesJson() == null
                ? null
                : read(w.definition().contentTypesJson(), STRINGS));
        view.put("headers", read(w.definition().headersJson(), HEADERS));
        view.put("enabled", w.definition().enabled());
        view.put("disabledReason", w.disabledReason());
        view.put("previousSecretExpiresAt", w.previousSecretUntil() == null || w.previousSecret() == null
                ? null
                : w.previousSecretUntil().toString());
        view.put("createdAt", w.createdAt().toString());
        view.put("updatedAt", w.updatedAt().toString());
        if (withSecret) {
            view.put("secret", w.secret());
        }
        return view;
    }

    private static Map<String, Object> view(DeliveryRecord d, List<AttemptRecord> attempts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("webhookId", d.webhookId());
        view.put("eventId", d.eventId());
        view.put("event", d.event());
        view.put("model", d.model().isEmpty() ? null : d.model());
        view.put("documentId", d.event().startsWith("entry.") ? d.documentId() : null);
        view.put("webhookMessageId", d.messageId());
        view.put("status", d.status());
        view.put("attemptCount", d.attempts());
        view.put("nextAttemptAt", d.status().equals("pending") ? d.nextAttemptAt().toString() : null);
        view.put("createdAt", d.createdAt().toString());
        view.put("completedAt", d.completedAt() == null ? null : d.completedAt().toString());
        view.put("redeliveryOf", d.redeliveryOf());
        view.put("attempts", attempts.stream().map(a -> {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("at", a.attempt().attemptedAt().toString());
            attempt.put("httpStatus", a.attempt().httpStatus());
            attempt.put("latencyMs", a.attempt().latencyMillis());
            attempt.put("response", a.attempt().response());
            attempt.put("error", a.attempt().error());
            attempt.put("instance", a.attempt().instance());
            return attempt;
        }).toList());
        return view;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored webhook JSON is unreadable", e);
        }
    }

    private static ApiError notFound() {
        return ApiError.notFound("Webhook not found");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
