package dev.quire.content;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.ContentType;
import dev.quire.schema.ContentTypeSchema;
import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.RelationStore;
import dev.quire.storage.spi.RelationStore.DocumentRef;
import dev.quire.storage.spi.StorageSession;

/**
 * Relation values in a write, in Strapi 5's forms: {@code "author": "<documentId>"} or {@code null},
 * {@code "tags": ["<documentId>", …]}, or {@code {"connect": […], "disconnect": […], "set": […]}}, where an item is a
 * documentId or {@code {"documentId": "…"}}.
 */
final class RelationInput {

    /** The change to one relation attribute: replace with {@code set}, or connect and disconnect. */
    record Change(Attribute attribute, List<String> set, List<String> connect, List<String> disconnect) {
    }

    private RelationInput() {
    }

    static List<Change> parse(ContentTypeSchema schema, JsonNode input) {
        List<Change> changes = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (input == null || !input.isObject()) {
            return changes;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Attribute a = schema.attributes().get(field.getKey());
            if (a == null || a.type() != AttributeType.RELATION) {
                continue;
            }
            try {
                changes.add(change(a, field.getValue()));
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at(a.name(), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        return changes;
    }

    private static Change change(Attribute a, JsonNode value) {
        if (a.relation().inverse()) {
            throw new IllegalArgumentException(a.name() + " shows the links of " + a.relation().target() + "."
                    + a.relation().mappedBy() + "; write them there");
        }
        Change change;
        if (value.isNull()) {
            change = new Change(a, List.of(), List.of(), List.of());
        } else if (value.isTextual() || value.isArray()) {
            change = new Change(a, ids(a, value), List.of(), List.of());
        } else if (value.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            value.fieldNames().forEachRemaining(keys::add);
            if (!Set.of("connect", "disconnect", "set").containsAll(keys)) {
                throw new IllegalArgumentException(a.name() + " takes connect, disconnect or set");
            }
            List<String> set = value.has("set") ? ids(a, value.get("set")) : null;
            change = new Change(a, set, value.has("connect") ? ids(a, value.get("connect")) : List.of(),
                    value.has("disconnect") ? ids(a, value.get("disconnect")) : List.of());
        } else {
            throw new IllegalArgumentException(a.name() + " takes documentIds");
        }
        boolean tooMany = change.set() != null && change.set().size() > 1 || change.connect().size() > 1;
        if (a.relation().toOne() && tooMany) {
            throw new IllegalArgumentException(a.name() + " links to one entry at most");
        }
        return change;
    }

    private static List<String> ids(Attribute a, JsonNode value) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            JsonNode id = item.isObject() ? item.get("documentId") : item;
            if (id == null || !id.isTextual() || !DocumentIds.isWellFormed(id.textValue())) {
                throw new IllegalArgumentException(a.name() + " takes documentIds");
            }
            if (!out.contains(id.textValue())) {
                out.add(id.textValue());
            }
        }
        if (out.size() > 1000) {
            throw new IllegalArgumentException(a.name() + " takes at most 1000 documentIds at once");
        }
        return out;
    }

    /** Applies the changes to the links of one entry row; a target that does not exist is a 400. */
    static void apply(StorageSession s, long entryId, List<Change> changes, Function<String, ContentType> types) {
        for (Change c : changes) {
            long target = types.apply(c.attribute().relation().target()).id();
            List<String> ids;
            if (c.set() != null) {
                ids = new ArrayList<>(c.set());
            } else {
                ids = new ArrayList<>(s.relations().links(List.of(entryId), c.attribute().name()).stream()
                        .map(RelationStore.Link::targetDocumentId).toList());
            }
            ids.removeAll(c.disconnect());
            if (c.attribute().relation().toOne() && !c.connect().isEmpty()) {
                ids.clear();
            }
            for (String id : c.connect()) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            try {
                s.relations().setLinks(entryId, c.attribute().name(),
                        ids.stream().map(id -> new DocumentRef(target, id)).toList());
            } catch (NotFound e) {
                throw ApiError.validation(List.of(Problem.at(c.attribute().name(), "No " + c.attribute().relation()
                        .target() + " entry has one of these documentIds")));
            }
        }
    }
}
