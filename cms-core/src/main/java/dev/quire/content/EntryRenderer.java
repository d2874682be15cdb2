package dev.quire.content;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.AttributeValues;
import dev.quire.schema.ContentType;
import dev.quire.storage.spi.EntryRecord;

/**
 * An entry as the content API returns it, in Strapi 5's flat shape: {@code id}, {@code documentId}, the attributes in
 * schema order (private ones left out, unset ones null), then the timestamps, and {@code locale} for localized types.
 */
@ApplicationScoped
public class EntryRenderer {

    @Inject
    ObjectMapper json;

    /** The entry with only {@code fields} (and always id and documentId), or everything when it is empty. */
    public ObjectNode render(ContentType type, EntryRecord entry, java.util.Set<String> fields) {
        ObjectNode full = render(type, entry);
        if (fields.isEmpty()) {
            return full;
        }
        ObjectNode out = json.createObjectNode();
        full.fields().forEachRemaining(f -> {
            if (f.getKey().equals("id") || f.getKey().equals("documentId") || fields.contains(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    public ObjectNode render(ContentType type, EntryRecord entry) {
        ObjectNode data = parse(entry.dataJson());
        ObjectNode out = json.createObjectNode();
        out.put("id", entry.id());
        out.put("documentId", entry.documentId());
        for (Attribute a : type.schema().attributes().values()) {
            if (a.privateField() || a.type() == AttributeType.RELATION) {
                continue;
            }
            JsonNode value = data.get(a.name());
            if (value == null || value.isNull()) {
                out.putNull(a.name());
            } else if (a.type() == AttributeType.BIGINTEGER) {
                out.put(a.name(), value.asText());
            } else {
                out.set(a.name(), value);
            }
        }
        // an entry never edited, or published as it was created, has the same instant two or three times
        String created = AttributeValues.datetime(entry.createdAt());
        String updated = entry.updatedAt().equals(entry.createdAt())
                ? created
                : AttributeValues.datetime(entry.updatedAt());
        out.put("createdAt", created);
        out.put("updatedAt", updated);
        if (entry.publishedAt() == null) {
            out.putNull("publishedAt");
        } else {
            out.put("publishedAt", entry.publishedAt().equals(entry.updatedAt())
                    ? updated
                    : AttributeValues.datetime(entry.publishedAt()));
        }
        if (type.schema().localized()) {
            out.put("locale", entry.locale());
        }
        return out;
    }

    /** The stored data of an entry as a mutable object. */
    public ObjectNode parse(String dataJson) {
        try {
            return (ObjectNode) json.readTree(dataJson);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored entry data is not a JSON object", e);
        }
    }

    public String write(ObjectNode data) {
        try {
            return json.writeValueAsString(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
