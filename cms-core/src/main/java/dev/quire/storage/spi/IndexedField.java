package dev.quire.storage.spi;

/**
 * An entry attribute that gets an expression index over its JSON value, per locale and status.
 *
 * @param name
 *            the attribute name; the core guarantees it matches {@code [A-Za-z][A-Za-z0-9_]*}
 * @param unique
 *            whether two entries of the same locale and status may not share a non-null value
 * @param valueType
 *            how the value compares; the index is built over the same expression that filters and sorts use
 */
public record IndexedField(String name, boolean unique, SortKey.ValueType valueType) {
}
