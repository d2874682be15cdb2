package dev.quire.storage.jdbc;

import java.util.regex.Pattern;

/**
 * The only gate through which a name taken from a content-type schema reaches SQL text. The core validates attribute
 * names already; this check makes the SQL layer safe on its own.
 */
public final class SqlIdentifiers {

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

    private SqlIdentifiers() {
    }

    /** Returns {@code name} if it is a valid attribute name, otherwise throws {@link IllegalArgumentException}. */
    public static String attribute(String name) {
        if (name == null || !ATTRIBUTE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid attribute name: " + name);
        }
        return name;
    }

    /** The name of the expression index of one attribute of one content type. */
    public static String entryIndex(long contentTypeId, String attribute, boolean unique) {
        return (unique ? "ux_" : "ix_") + contentTypeId + "_" + attribute(attribute);
    }

    /** The attribute an index name from {@link #entryIndex} was made for, or null for another index. */
    public static String attributeOfEntryIndex(String indexName) {
        if (indexName == null || !(indexName.startsWith("ux_") || indexName.startsWith("ix_"))) {
            return null;
        }
        int sep = indexName.indexOf('_', 3);
        return sep < 0 ? null : indexName.substring(sep + 1);
    }
}
