package dev.quire.storage.spi;

/**
 * One sort criterion.
 *
 * @param field
 *            a {@link SystemField} name or an attribute name checked against the content type's schema
 * @param valueType
 *            how the attribute's JSON value compares; ignored for system fields
 */
public record SortKey(String field, ValueType valueType, boolean descending) {

    /** How a JSON attribute value compares. */
    public enum ValueType {
        TEXT,
        NUMBER,
        BOOLEAN
    }

    /** Columns every entry has, addressed by their API names. */
    public enum SystemField {

        id,
        documentId,
        createdAt,
        updatedAt,
        publishedAt;

        public static boolean isSystem(String name) {
            for (SystemField f : values()) {
                if (f.name().equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }
}
