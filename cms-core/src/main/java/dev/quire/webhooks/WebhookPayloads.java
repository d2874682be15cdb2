package dev.quire.webhooks;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.storage.spi.DomainEventRecord;

/**
 * The body of a delivery, in Strapi's shape: {@code {"event","createdAt","model","entry":{…}}} for entry events,
 * {@code "contentType"} in place of {@code "entry"} for content-type events, plus {@code "eventId"}, the id of the
 * stored event (the same for every webhook it goes to; {@code webhook-id} differs per delivery).
 */
final class WebhookPayloads {

    private WebhookPayloads() {
    }

    static String body(ObjectMapper json, DomainEventRecord e) {
        ObjectNode body = json.createObjectNode();
        body.put("event", e.event());
        body.put("createdAt", e.createdAt().toString());
        if (!e.model().isEmpty()) {
            body.put("model", e.model());
        }
        try {
            body.set(subjectKey(e.event()), json.readTree(e.entryJson()));
            body.put("eventId", e.id());
            return json.writeValueAsString(body);
        } catch (IOException ex) {
            throw new IllegalStateException("stored event " + e.id() + " is not JSON", ex);
        }
    }

    private static String subjectKey(String event) {
        if (event.startsWith("content-type.")) {
            return "contentType";
        }
        return event.startsWith("webhook.") ? "webhook" : "entry";
    }
}
