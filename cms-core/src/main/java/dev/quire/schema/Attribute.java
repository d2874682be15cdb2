package dev.quire.schema;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validated attribute of a content type.
 *
 * @param min
 *            inclusive lower bound of numeric values, or null
 * @param max
 *            inclusive upper bound of numeric values, or null
 * @param minLength
 *            least length of textual values, or null
 * @param maxLength
 *            greatest length of textual values, or null
 * @param defaultValue
 *            applied on create when the value is absent, or null
 * @param enumValues
 *            the allowed values of an enumeration, otherwise empty
 * @param targetField
 *            the string attribute a uid is derived from, or null
 * @param privateField
 *            whether the attribute is left out of API responses
 * @param index
 *            whether filters and sorts on it get an expression index
 */
public record Attribute(String name, AttributeType type, boolean required, boolean unique, BigDecimal min,
        BigDecimal max, Integer minLength, Integer maxLength, JsonNode defaultValue, List<String> enumValues,
        String targetField, boolean privateField, boolean index) {

    public Attribute {
        enumValues = List.copyOf(enumValues);
    }

    /** Unique attributes are always indexed; uid attributes are unique, as in Strapi. */
    public boolean indexed() {
        return index || unique;
    }
}
