package dev.quire.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.storage.spi.IndexedField;

/**
 * A validated content type in Strapi 5's {@code schema.json} shape.
 *
 * @param document
 *            the schema as stored and returned, with unknown keys of Strapi's format preserved
 */
public record ContentTypeSchema(Kind kind, String singularName, String pluralName, String displayName,
        boolean draftAndPublish, boolean localized, Map<String, Attribute> attributes, ObjectNode document) {

    public ContentTypeSchema {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public enum Kind {

        COLLECTION_TYPE("collectionType"),
        SINGLE_TYPE("singleType");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Kind fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The attributes that get an expression index, in declaration order. */
    public List<IndexedField> indexedFields() {
        List<IndexedField> out = new ArrayList<>();
        for (Attribute a : attributes.values()) {
            if (a.indexed()) {
                out.add(new IndexedField(a.name(), a.unique(), a.type().valueType()));
            }
        }
        return out;
    }
}
