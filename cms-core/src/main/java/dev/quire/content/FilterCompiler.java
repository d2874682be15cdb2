package dev.quire.content;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.quire.api.ApiError;
import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.AttributeValues;
import dev.quire.schema.ContentType;
import dev.quire.schema.ContentTypeSchema;
import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.Condition.Operator;
import dev.quire.storage.spi.SortKey;
import dev.quire.storage.spi.SortKey.ValueType;

/**
 * Turns the {@code filters} parameter tree into a {@link Condition}: every field is checked against the schema, every
 * operator against Strapi's list, and every value typed by its attribute (numbers compare as numbers, dates as dates,
 * booleans as booleans). Anything else is a 400.
 */
final class FilterCompiler {

    static final int MAX_CONDITIONS = 100;

    private final ContentTypeSchema schema;
    private final QueryScope scope;
    private final int relationDepth;
    private final int[] conditions;

    private FilterCompiler(ContentTypeSchema schema, QueryScope scope, int relationDepth, int[] conditions) {
        this.schema = schema;
        this.scope = scope;
        this.relationDepth = relationDepth;
        this.conditions = conditions;
    }

    /**
     * @param relationDepth
     *            how many relations away from the request's own type {@code schema} is
     */
    static Condition compile(Object filters, ContentTypeSchema schema, QueryScope scope, int relationDepth) {
        if (!(filters instanceof Map<?, ?> map)) {
            throw ApiError.validation("filters must be an object, such as filters[title][$eq]=Hello");
        }
        return new FilterCompiler(schema, scope, relationDepth, new int[1]).group(map, 0);
    }

    /** The keys of one object, all of which must hold. */
    private Condition group(Map<?, ?> node, int depth) {
        if (depth > QueryTree.MAX_DEPTH) {
            throw ApiError.validation("filters are nested too deeply");
        }
        List<Condition> all = new ArrayList<>();
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String key = (String) e.getKey();
            switch (key) {
                case "$and", "$or" -> {
                    List<Condition> parts = new ArrayList<>();
                    for (Object item : list(key, e.getValue())) {
                        if (!(item instanceof Map<?, ?> child)) {
                            throw ApiError.validation(key + " takes a list of filter objects");
                        }
                        parts.add(group(child, depth + 1));
                    }
                    all.add(key.equals("$and") ? new Condition.And(parts) : new Condition.Or(parts));
                }
                case "$not" -> {
                    if (!(e.getValue() instanceof Map<?, ?> child)) {
                        throw ApiError.validation("$not takes a filter object");
                    }
                    all.add(new Condition.Not(group(child, depth + 1)));
                }
                default -> all.add(field(key, e.getValue(), depth + 1));
            }
        }
        return all.size() == 1 ? all.get(0) : new Condition.And(all);
    }

    /** The operators applied to one field: {@code filters[field]=v} or {@code filters[field][$op]=v}. */
    private Condition field(String name, Object node, int depth) {
        Attribute attribute = schema.attributes().get(name);
        if (attribute != null && attribute.type() == AttributeType.RELATION && !attribute.privateField()) {
            return related(attribute, node, depth);
        }
        Field field = resolve(name);
        if (node instanceof String || node instanceof List) {
            return compare(field, Operator.EQ, node);
        }
        if (depth > QueryTree.MAX_DEPTH) {
            throw ApiError.validation("filters are nested too deeply");
        }
        List<Condition> all = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
            String op = (String) e.getKey();
            switch (op) {
                case "$not" -> {
                    if (!(e.getValue() instanceof Map)) {
                        throw ApiError.validation("$not on " + name + " takes operators, such as [$not][$eq]=x");
                    }
                    all.add(new Condition.Not(field(name, e.getValue(), depth + 1)));
                }
                case "$and", "$or" -> {
                    List<Condition> parts = new ArrayList<>();
                    for (Object item : list(op, e.getValue())) {
                        parts.add(field(name, item, depth + 1));
                    }
                    all.add(op.equals("$and") ? new Condition.And(parts) : new Condition.Or(parts));
                }
                default -> all.add(compare(field, operator(name, op), e.getValue()));
            }
        }
        return all.size() == 1 ? all.get(0) : new Condition.And(all);
    }

    /** {@code filters[author][name][$eq]=Ann}: the linked entries must meet the nested filters. */
    private Condition related(Attribute attribute, Object node, int depth) {
        if (!(node instanceof Map<?, ?> map)) {
            throw ApiError.validation("Filter the relation " + attribute.name() + " through its fields, as filters["
                    + attribute.name() + "][documentId][$eq]=…");
        }
        if (relationDepth + 1 > scope.maxRelationDepth()) {
            throw ApiError.validation("filters reach through too many relations (at most "
                    + scope.maxRelationDepth() + ")");
        }
        ContentType target = scope.type(attribute.relation().target());
        QueryScope inner = scope.forTarget(target);
        Condition condition = new FilterCompiler(target.schema(), inner, relationDepth + 1, conditions)
                .group(map, depth + 1);
        Attribute.Relation r = attribute.relation();
        return new Condition.Related(r.inverse() ? r.mappedBy() : attribute.name(), target.id(), r.inverse(),
                inner.locale(), inner.status(), condition);
    }

    private Condition compare(Field field, Operator operator, Object raw) {
        if (++conditions[0] > MAX_CONDITIONS) {
            throw ApiError.validation("Too many filter conditions (at most " + MAX_CONDITIONS + ")");
        }
        if (operator.textual() && field.type != ValueType.TEXT) {
            throw ApiError.validation("Operator " + wire(operator) + " only applies to text fields, not " + field.name);
        }
        List<Object> values = new ArrayList<>();
        switch (operator) {
            case IN, NOT_IN -> {
                List<Object> items = raw instanceof String s ? List.of(s) : QueryTree.asList(raw);
                if (items == null || items.isEmpty() || items.size() > scope.maxInList()) {
                    throw ApiError.validation(wire(operator) + " on " + field.name + " takes 1 to "
                            + scope.maxInList() + " values");
                }
                for (Object item : items) {
                    values.add(value(field, operator, item));
                }
            }
            case BETWEEN -> {
                List<Object> items = QueryTree.asList(raw);
                if (items == null || items.size() != 2) {
                    throw ApiError.validation("$between on " + field.name + " takes exactly two values");
                }
                values.add(value(field, operator, items.get(0)));
                values.add(value(field, operator, items.get(1)));
            }
            case NULL, NOT_NULL -> values.add(bool(field.name, single(field, operator, raw)));
            default -> values.add(value(field, operator, raw));
        }
        return new Condition.Compare(field.name, field.type, operator, values);
    }

    private Object value(Field field, Operator operator, Object raw) {
        String text = single(field, operator, raw);
        if (operator.textual() || field.attribute == null && field.name.equals("documentId")) {
            return text;
        }
        if (field.attribute == null) {
            return field.name.equals("id") ? number(field.name, text).longValue() : instant(field.name, text);
        }
        AttributeType type = field.attribute.type();
        return switch (type) {
            case INTEGER, BIGINTEGER, FLOAT, DECIMAL -> number(field.name, text);
            case BOOLEAN -> bool(field.name, text);
            case DATE, DATETIME, TIME -> canonical(field.attribute, text);
            default -> text;
        };
    }

    private static String single(Field field, Operator operator, Object raw) {
        if (!(raw instanceof String s)) {
            throw ApiError.validation(wire(operator) + " on " + field.name + " takes a single value");
        }
        return s;
    }

    private static BigDecimal number(String field, String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.validation(field + " is compared with numbers; '" + text + "' is not one");
        }
    }

    private static Boolean bool(String field, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiError.validation(field + " is compared with true or false; '" + text + "' is neither");
        };
    }

    private static Instant instant(String field, String text) {
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.validation(field + " is compared with ISO-8601 dates; '" + text + "' is not one");
        }
    }

    private static String canonical(Attribute attribute, String text) {
        AttributeValues.Checked checked = AttributeValues.check(Attribute.unconstrained(attribute.name(),
                attribute.type()), JsonNodeFactory.instance.textNode(text));
        if (!checked.valid()) {
            throw ApiError.validation("filters: " + checked.problem());
        }
        return checked.value().textValue();
    }

    private Field resolve(String name) {
        if (SortKey.SystemField.isSystem(name)) {
            ValueType type = name.equals("id") ? ValueType.NUMBER : ValueType.TEXT;
            return new Field(name, name.endsWith("At") ? ValueType.NUMBER : type, null);
        }
        Attribute attribute = schema.attributes().get(name);
        if (attribute == null || attribute.privateField() || attribute.type().document()) {
            throw ApiError.validation("Invalid key " + name + " in filters");
        }
        return new Field(name, attribute.type().valueType(), attribute);
    }

    private static Operator operator(String field, String op) {
        String name = op.startsWith("$") ? op.substring(1) : "";
        for (Operator o : Operator.values()) {
            if (wire(o).equals("$" + name)) {
                return o;
            }
        }
        throw ApiError.validation("Invalid operator " + op + " on " + field);
    }

    /** Strapi's spelling of an operator: {@code NOT_CONTAINSI} is {@code $notContainsi}. */
    static String wire(Operator o) {
        String[] words = o.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder("$").append(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return out.toString();
    }

    private static List<Object> list(String key, Object node) {
        List<Object> items = QueryTree.asList(node);
        if (items == null) {
            throw ApiError.validation(key + " takes a list, such as filters[" + key + "][0][title][$eq]=a");
        }
        return items;
    }

    /** A filterable field: a system column or a schema attribute, with how it compares. */
    private record Field(String name, ValueType type, Attribute attribute) {
    }
}
