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
 * @param relation
 *            for relation attributes, what they link to; otherwise null
 */
public record Attribute(String name, AttributeType type, boolean required, boolean unique, BigDecimal min,
        BigDecimal max, Integer minLength, Integer maxLength, JsonNode defaultValue, List<String> enumValues,
        String targetField, boolean privateField, boolean index, Relation relation) {

    public Attribute {
        enumValues = List.copyOf(enumValues);
    }

    /**
     * A relation to another content type (or the same one).
     *
     * @param kind
     *            {@code oneToOne}, {@code oneToMany}, {@code manyToOne} or {@code manyToMany}
     * @param target
     *            the uid of the content type linked to
     * @param mappedBy
     *            on the inverse side, the attribute of {@code target} that owns the links; otherwise null
     * @param inversedBy
     *            on the owning side, the attribute of {@code target} that shows the links in reverse, or null
     */
    public record Relation(String kind, String target, String mappedBy, String inversedBy) {

        /** Whether an entry links to at most one document through this attribute. */
        public boolean toOne() {
            return kind.equals("oneToOne") || kind.equals("manyToOne");
        }

        /** Whether the links are stored on the other type's attribute. */
        public boolean inverse() {
            return mappedBy != null;
        }
    }

    /** A plain attribute of {@code type} with no constraints, for checking values on their own. */
    public static Attribute unconstrained(String name, AttributeType type) {
        return new Attribute(name, type, false, false, null, null, null, null, null, List.of(), null, false, false,
                null);
    }

    /** Unique attributes are always indexed; uid attributes are unique, as in Strapi. */
    public boolean indexed() {
        return index || unique;
    }
}
