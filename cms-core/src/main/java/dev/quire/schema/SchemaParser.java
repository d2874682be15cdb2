package dev.quire.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;

/**
 * Validates a content type definition in Strapi 5's {@code schema.json} shape and reports every problem at once, each
 * with its path.
 */
public final class SchemaParser {

    private static final Pattern API_NAME = Pattern.compile("[a-z][a-z0-9-]{0,59}");
    /** The segment under {@code /api} of the site's locales ({@code LocalesResource}), which no type may take. */
    private static final String LOCALES_PATH = "i18n";
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");
    private static final Set<String> TOP_LEVEL = Set.of("kind", "collectionName", "info", "options", "pluginOptions",
            "attributes");
    private static final Set<String> ATTRIBUTE_KEYS = Set.of("type", "required", "unique", "private", "min", "max",
            "minLength", "maxLength", "default", "enum", "targetField", "index", "configurable", "pluginOptions");
    private static final Set<String> RESERVED = Set.of("id", "documentId", "document_id", "createdAt", "created_at",
            "updatedAt", "updated_at", "publishedAt", "published_at", "createdBy", "created_by", "updatedBy",
            "updated_by", "locale", "localizations", "status", "meta");
    private static final Set<String> NOT_YET = Set.of("media", "component", "dynamiczone", "password", "customField");
    private static final Set<String> RELATION_KEYS = Set.of("type", "relation", "target", "mappedBy", "inversedBy",
            "private", "configurable", "pluginOptions", "writable", "useJoinTable");
    private static final Set<String> RELATION_KINDS = Set.of("oneToOne", "oneToMany", "manyToOne", "manyToMany");
    private static final Pattern TARGET = Pattern
            .compile("(?:api::([a-z][a-z0-9-]{0,59})\\.\\1|([a-z][a-z0-9-]{0,59}))");

    private final List<Problem> problems = new ArrayList<>();

    private SchemaParser() {
    }

    /** Parses and validates; throws a 400 {@link ApiError} listing every problem. */
    public static ContentTypeSchema parse(JsonNode root) {
        SchemaParser parser = new SchemaParser();
        ContentTypeSchema schema = parser.schema(root);
        if (!parser.problems.isEmpty()) {
            throw ApiError.validation(parser.problems);
        }
        return schema;
    }

    private ContentTypeSchema schema(JsonNode root) {
        if (root == null || !root.isObject()) {
            problem(List.of(), "The content type must be a JSON object");
            return null;
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_LEVEL.contains(k)) {
                problem(List.of(k), "Unknown property " + k);
            }
        });
        ContentTypeSchema.Kind kind = ContentTypeSchema.Kind.fromWireName(root.path("kind").asText(""));
        if (kind == null) {
            problem(List.of("kind"), "kind must be collectionType or singleType");
        }
        JsonNode info = root.path("info");
        String singular = apiName(info, "singularName");
        String plural = apiName(info, "pluralName");
        if (singular != null && singular.equals(plural)) {
            problem(List.of("info", "pluralName"), "pluralName must differ from singularName");
        }
        String displayName = info.path("displayName").asText("");
        if (!info.path("displayName").isTextual() || displayName.isBlank() || displayName.length() > 100) {
            problem(List.of("info", "displayName"), "displayName must be a non-empty string of at most 100 characters");
        }
        boolean draftAndPublish = flag(root.path("options"), "draftAndPublish", List.of("options"));
        boolean localized = flag(root.path("pluginOptions").path("i18n"), "localized",
                List.of("pluginOptions", "i18n"));
        Map<String, Attribute> attributes = attributes(root.path("attributes"));
        if (!problems.isEmpty()) {
            return null;
        }
        return new ContentTypeSchema(kind, singular, plural, displayName, draftAndPublish, localized, attributes,
                (ObjectNode) root.deepCopy());
    }

    private String apiName(JsonNode info, String key) {
        JsonNode value = info.path(key);
        if (!value.isTextual() || !API_NAME.matcher(value.textValue()).matches()) {
            problem(List.of("info", key), key + " must be kebab-case: lower-case letters, digits and dashes,"
                    + " starting with a letter, at most 60 characters");
            return null;
        }
        if (value.textValue().equals(LOCALES_PATH)) {
            problem(List.of("info", key), key + " cannot be " + LOCALES_PATH + ": /api/" + LOCALES_PATH
                    + "/locales lists the site's locales");
            return null;
        }
        return value.textValue();
    }

    private Map<String, Attribute> attributes(JsonNode node) {
        Map<String, Attribute> out = new LinkedHashMap<>();
        if (!node.isObject()) {
            problem(List.of("attributes"), "attributes must be an object");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Attribute a = attribute(field.getKey(), field.getValue());
            if (a != null) {
                out.put(a.name(), a);
            }
        }
        for (Attribute a : out.values()) {
            if (a.targetField() != null) {
                Attribute target = out.get(a.targetField());
                if (target == null || !(target.type() == AttributeType.STRING || target.type() == AttributeType.TEXT)) {
                    problem(List.of("attributes", a.name(), "targetField"),
                            "targetField must name a string or text attribute of this content type");
                }
            }
        }
        return out;
    }

    private Attribute attribute(String name, JsonNode node) {
        List<Object> at = List.of("attributes", name);
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            problem(at, "Attribute names start with a letter and contain only letters, digits and _ (at most 48)");
            return null;
        }
        if (RESERVED.contains(name)) {
            problem(at, name + " is a reserved attribute name");
            return null;
        }
        if (!node.isObject()) {
            problem(at, "An attribute must be an object with a type");
            return null;
        }
        String typeName = node.path("type").asText("");
        AttributeType type = AttributeType.fromWireName(typeName).orElse(null);
        if (type == null) {
            problem(path(at, "type"), NOT_YET.contains(typeName)
                    ? "Attribute type " + typeName
                            + " is not supported yet"
                    : "Unknown attribute type '" + typeName + "'");
            return null;
        }
        if (type == AttributeType.RELATION) {
            return relation(name, node, at);
        }
        int before = problems.size();
        node.fieldNames().forEachRemaining(k -> {
            if (!ATTRIBUTE_KEYS.contains(k)) {
                problem(path(at, k), "Unknown property " + k);
            }
        });
        boolean required = flag(node, "required", at);
        boolean unique = flag(node, "unique", at) || type == AttributeType.UID;
        boolean index = flag(node, "index", at);
        boolean privateField = flag(node, "private", at);
        flag(node, "configurable", at);
        if ((unique || index) && !type.indexable()) {
            problem(at, "unique and index are not available for " + type.wireName() + " attributes");
        }
        BigDecimal min = bound(node, "min", at, type.numeric());
        BigDecimal max = bound(node, "max", at, type.numeric());
        if (min != null && max != null && min.compareTo(max) > 0) {
            problem(path(at, "min"), "min must not be greater than max");
        }
        Integer minLength = length(node, "minLength", at, type.textual());
        Integer maxLength = length(node, "maxLength", at, type.textual());
        if (minLength != null && maxLength != null && minLength > maxLength) {
            problem(path(at, "minLength"), "minLength must not be greater than maxLength");
        }
        List<String> enumValues = enumValues(node, at, type);
        String targetField = null;
        if (node.has("targetField")) {
            if (type != AttributeType.UID || !node.get("targetField").isTextual()) {
                problem(path(at, "targetField"), "targetField is a string and only available for uid attributes");
            } else {
                targetField = node.get("targetField").textValue();
            }
        }
        if (problems.size() > before) {
            return null;
        }
        Attribute attribute = new Attribute(name, type, required, unique, min, max, minLength, maxLength, null,
                enumValues, targetField, privateField, index, null);
        JsonNode defaultValue = node.get("default");
        if (defaultValue != null && !defaultValue.isNull()) {
            AttributeValues.Checked checked = AttributeValues.check(attribute, defaultValue);
            if (!checked.valid()) {
                problem(path(at, "default"), "default: " + checked.problem());
                return null;
            }
            attribute = new Attribute(name, type, required, unique, min, max, minLength, maxLength, checked.value(),
                    enumValues, targetField, privateField, index, null);
        }
        return attribute;
    }

    /** A relation in Strapi's shape; whether its target exists is checked against the stored types. */
    private Attribute relation(String name, JsonNode node, List<Object> at) {
        int before = problems.size();
        node.fieldNames().forEachRemaining(k -> {
            if (!RELATION_KEYS.contains(k)) {
                problem(path(at, k), "Unknown property " + k + " for a relation");
            }
        });
        String kind = node.path("relation").asText("");
        if (!RELATION_KINDS.contains(kind)) {
            problem(path(at, "relation"), "relation must be oneToOne, oneToMany, manyToOne or manyToMany");
        }
        java.util.regex.Matcher target = TARGET.matcher(node.path("target").asText(""));
        if (!node.path("target").isTextual() || !target.matches()) {
            problem(path(at, "target"), "target must name a content type, as api::author.author or author");
        }
        String mappedBy = optionalName(node, "mappedBy", at);
        String inversedBy = optionalName(node, "inversedBy", at);
        if (mappedBy != null && inversedBy != null) {
            problem(at, "A relation has mappedBy (inverse side) or inversedBy (owning side), not both");
        }
        boolean privateField = flag(node, "private", at);
        flag(node, "configurable", at);
        if (problems.size() > before) {
            return null;
        }
        String targetUid = target.group(1) != null ? target.group(1) : target.group(2);
        return new Attribute(name, AttributeType.RELATION, false, false, null, null, null, null, null, List.of(), null,
                privateField, false, new Attribute.Relation(kind, targetUid, mappedBy, inversedBy));
    }

    private String optionalName(JsonNode node, String key, List<Object> at) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !ATTRIBUTE_NAME.matcher(value.textValue()).matches()) {
            problem(path(at, key), key + " must name an attribute of the target type");
            return null;
        }
        return value.textValue();
    }

    private List<String> enumValues(JsonNode node, List<Object> at, AttributeType type) {
        JsonNode values = node.get("enum");
        if (type != AttributeType.ENUMERATION) {
            if (values != null) {
                problem(path(at, "enum"), "enum is only available for enumeration attributes");
            }
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (values == null || !values.isArray() || values.isEmpty()) {
            problem(path(at, "enum"), "enum must be a non-empty array of strings");
            return out;
        }
        for (JsonNode v : values) {
            if (!v.isTextual() || v.textValue().isEmpty() || !seen.add(v.textValue())) {
                problem(path(at, "enum"), "enum values must be distinct non-empty strings");
                return out;
            }
            out.add(v.textValue());
        }
        return out;
    }

    private boolean flag(JsonNode node, String key, List<Object> at) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problem(path(at, key), key + " must be true or false");
            return false;
        }
        return value.booleanValue();
    }

    private BigDecimal bound(JsonNode node, String key, List<Object> at, boolean applies) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!applies || !value.isNumber() || !AttributeValues.isFinite(value)) {
            problem(path(at, key), key + " must be a finite number and is only available for numeric attributes");
            return null;
        }
        return value.decimalValue();
    }

    private Integer length(JsonNode node, String key, List<Object> at, boolean applies) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!applies || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            problem(path(at, key), key + " must be a non-negative integer and is only available for text attributes");
            return null;
        }
        return value.intValue();
    }

    private static List<Object> path(List<Object> base, Object next) {
        List<Object> out = new ArrayList<>(base);
        out.add(next);
        return out;
    }

    private void problem(List<Object> path, String message) {
        problems.add(new Problem(path, message));
    }
}
