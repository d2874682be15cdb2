package dev.quire.storage.spi;

import java.util.List;

/**
 * A filter over the entries of one content type: a tree of comparisons joined by and, or and not. The core builds it
 * from request parameters after checking every field against the schema and typing every value by its attribute; the
 * storage renders it with bind parameters only.
 */
public sealed interface Condition {

    /** True when every condition holds; an empty list is true. */
    record And(List<Condition> all) implements Condition {

        public And {
            all = List.copyOf(all);
        }
    }

    /** True when any condition holds; an empty list is false. */
    record Or(List<Condition> any) implements Condition {

        public Or {
            any = List.copyOf(any);
        }
    }

    record Not(Condition condition) implements Condition {
    }

    /**
     * One comparison of a field with values.
     *
     * @param field
     *            a {@link SortKey.SystemField} name or a schema attribute name
     * @param type
     *            how the field's values compare
     * @param values
     *            bound values: {@link String}, {@link Long}, {@link java.math.BigDecimal}, {@link Boolean} or
     *            {@link java.time.Instant}; one for most operators, two for {@code BETWEEN}, one or more for
     *            {@code IN}/{@code NOT_IN}, one {@link Boolean} for {@code NULL}/{@code NOT_NULL}
     */
    record Compare(String field, SortKey.ValueType type, Operator operator, List<Object> values) implements Condition {

        public Compare {
            values = List.copyOf(values);
        }
    }

    /**
     * True when the entry is linked through a relation attribute to a document whose row in {@code locale} and
     * {@code status} meets {@code condition}: {@code filters[author][name][$eq]=Ann}.
     *
     * @param field
     *            the relation attribute; on the inverse side ({@code inverse}), the attribute of {@code targetType}
     *            that links to this type
     * @param targetType
     *            the content type at the other end
     */
    record Related(String field, long targetType, boolean inverse, String locale, EntryStatus status,
            Condition condition) implements Condition {
    }

    /** Strapi's filter operators. The {@code I} variants compare case-insensitively. */
    enum Operator {

        EQ,
        EQI,
        NE,
        NEI,
        LT,
        LTE,
        GT,
        GTE,
        IN,
        NOT_IN,
        CONTAINS,
        NOT_CONTAINS,
        CONTAINSI,
        NOT_CONTAINSI,
        NULL,
        NOT_NULL,
        BETWEEN,
        STARTS_WITH,
        STARTS_WITHI,
        ENDS_WITH,
        ENDS_WITHI;

        /** Whether the operator only makes sense on text. */
        public boolean textual() {
            return switch (this) {
                case EQI, NEI, CONTAINS, NOT_CONTAINS, CONTAINSI, NOT_CONTAINSI, STARTS_WITH, STARTS_WITHI, ENDS_WITH,
                        ENDS_WITHI ->
                    true;
                default -> false;
            };
        }
    }
}
