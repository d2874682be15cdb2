package dev.quire.schema;

import java.util.Arrays;
import java.util.Optional;

import dev.quire.storage.spi.SortKey.ValueType;

/** The attribute types of a content type, named as in Strapi's {@code schema.json}. */
public enum AttributeType {

    STRING("string", ValueType.TEXT, true, false),
    TEXT("text", ValueType.TEXT, true, false),
    RICHTEXT("richtext", ValueType.TEXT, true, false),
    EMAIL("email", ValueType.TEXT, true, false),
    UID("uid", ValueType.TEXT, true, false),
    INTEGER("integer", ValueType.NUMBER, false, true),
    BIGINTEGER("biginteger", ValueType.NUMBER, false, true),
    FLOAT("float", ValueType.NUMBER, false, true),
    DECIMAL("decimal", ValueType.NUMBER, false, true),
    BOOLEAN("boolean", ValueType.BOOLEAN, false, false),
    DATE("date", ValueType.TEXT, false, false),
    DATETIME("datetime", ValueType.TEXT, false, false),
    TIME("time", ValueType.TEXT, false, false),
    ENUMERATION("enumeration", ValueType.TEXT, false, false),
    JSON("json", ValueType.TEXT, false, false),
    BLOCKS("blocks", ValueType.TEXT, false, false),
    RELATION("relation", ValueType.TEXT, false, false);

    private final String wireName;
    private final ValueType valueType;
    private final boolean textual;
    private final boolean numeric;

    AttributeType(String wireName, ValueType valueType, boolean textual, boolean numeric) {
        this.wireName = wireName;
        this.valueType = valueType;
        this.textual = textual;
        this.numeric = numeric;
    }

    public String wireName() {
        return wireName;
    }

    /** How values of this type compare in filters, sorts and indexes. */
    public ValueType valueType() {
        return valueType;
    }

    /** Whether {@code minLength}/{@code maxLength} apply. */
    public boolean textual() {
        return textual;
    }

    /** Whether {@code min}/{@code max} apply. */
    public boolean numeric() {
        return numeric;
    }

    /** Whether {@code unique} and {@code index} make sense (not for JSON documents and booleans). */
    public boolean indexable() {
        return this != JSON && this != BLOCKS && this != BOOLEAN && this != RICHTEXT && this != RELATION;
    }

    /** Whether values are JSON documents, which lists neither filter nor sort by. */
    public boolean document() {
        return this == JSON || this == BLOCKS;
    }

    public static Optional<AttributeType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
