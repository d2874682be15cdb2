package dev.quire.content;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.AttributeValues;
import dev.quire.schema.ContentTypeSchema;

/**
 * Checks the {@code data} of a create or update against the content type and returns the values to store. Every problem
 * is reported at once; nothing is written when there is one.
 */
public final class EntryValidator {

    private EntryValidator() {
    }

    /** The data of a new entry: given values checked, defaults and derived uids filled in, required ones present. */
    public static ObjectNode forCreate(ContentTypeSchema schema, JsonNode input) {
        return validate(schema, input, JsonNodeFactory.instance.objectNode(), true);
    }

    /** The data of an existing entry with the given values changed; absent keys keep their stored values. */
    public static ObjectNode forUpdate(ContentTypeSchema schema, JsonNode input, ObjectNode stored) {
        return validate(schema, input, stored.deepCopy(), false);
    }

    private static ObjectNode validate(ContentTypeSchema schema, JsonNode input, ObjectNode out, boolean create) {
        if (input == null || !input.isObject()) {
            throw ApiError.validation("Missing \"data\" payload in the request body");
        }
        List<Problem> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Attribute attribute = schema.attributes().get(field.getKey());
            if (attribute == null) {
                problems.add(Problem.at(field.getKey(), "Invalid key " + field.getKey()));
                continue;
            }
            if (attribute.type() == AttributeType.RELATION) {
                continue;
            }
            if (field.getValue().isNull()) {
                out.putNull(attribute.name());
                continue;
            }
            AttributeValues.Checked checked = AttributeValues.check(attribute, field.getValue());
            if (checked.valid()) {
                out.set(attribute.name(), checked.value());
            } else {
                problems.add(Problem.at(attribute.name(), checked.problem()));
            }
        }
        for (Attribute a : schema.attributes().values()) {
            if (create && !out.has(a.name()) && a.defaultValue() != null) {
                out.set(a.name(), a.defaultValue().deepCopy());
            }
            if (create && a.type() == AttributeType.UID && isMissing(out, a.name()) && a.targetField() != null
                    && out.path(a.targetField()).isTextual()) {
                out.put(a.name(), slug(out.get(a.targetField()).textValue()));
            }
            boolean reported = problems.stream().anyMatch(p -> p.path().equals(List.of(a.name())));
            if (a.required() && isMissing(out, a.name()) && !reported) {
                problems.add(Problem.at(a.name(), a.name() + " must be defined."));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        return out;
    }

    private static boolean isMissing(ObjectNode data, String name) {
        JsonNode value = data.get(name);
        return value == null || value.isNull();
    }

    /** A URL-safe slug of {@code text}: accents dropped, lower case, runs of other characters turned into dashes. */
    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    }
}
