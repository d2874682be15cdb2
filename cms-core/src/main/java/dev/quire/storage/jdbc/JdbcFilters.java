package dev.quire.storage.jdbc;

import java.util.List;

import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.Condition.Compare;
import dev.quire.storage.spi.SortKey;

/**
 * Renders a {@link Condition} as a SQL boolean expression over the {@code entry} table. Field names pass
 * {@link SqlIdentifiers}; every value is a bind parameter appended to {@code params}.
 */
final class JdbcFilters {

    private final SqlDialect dialect;
    private final List<Object> params;

    JdbcFilters(SqlDialect dialect, List<Object> params) {
        this.dialect = dialect;
        this.params = params;
    }

    String render(Condition condition) {
        if (condition instanceof Condition.And and) {
            return and.all().isEmpty() ? "1 = 1" : join(and.all(), " AND ");
        }
        if (condition instanceof Condition.Or or) {
            return or.any().isEmpty() ? "1 = 0" : join(or.any(), " OR ");
        }
        if (condition instanceof Condition.Not not) {
            return "NOT (" + render(not.condition()) + ")";
        }
        return compare((Compare) condition);
    }

    private String join(List<Condition> conditions, String operator) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < conditions.size(); i++) {
            out.append(i > 0 ? operator : "").append(render(conditions.get(i)));
        }
        return out.append(')').toString();
    }

    private String compare(Compare c) {
        String expr = column(dialect, c.field(), c.type());
        String lower = "lower(" + expr + ")";
        return switch (c.operator()) {
            case EQ -> bind(expr + " = ?", c.values().get(0));
            case EQI -> bind(lower + " = lower(?)", c.values().get(0));
            case NE -> bind(expr + " <> ?", c.values().get(0));
            case NEI -> bind(lower + " <> lower(?)", c.values().get(0));
            case LT -> bind(expr + " < ?", c.values().get(0));
            case LTE -> bind(expr + " <= ?", c.values().get(0));
            case GT -> bind(expr + " > ?", c.values().get(0));
            case GTE -> bind(expr + " >= ?", c.values().get(0));
            case IN -> expr + " IN (" + placeholders(c.values()) + ")";
            case NOT_IN -> expr + " NOT IN (" + placeholders(c.values()) + ")";
            case CONTAINS -> bind(dialect.position(expr, "?") + " > 0", c.values().get(0));
            case NOT_CONTAINS -> bind(dialect.position(expr, "?") + " = 0", c.values().get(0));
            case CONTAINSI -> bind(dialect.position(lower, "lower(?)") + " > 0", c.values().get(0));
            case NOT_CONTAINSI -> bind(dialect.position(lower, "lower(?)") + " = 0", c.values().get(0));
            case STARTS_WITH -> bind(dialect.position(expr, "?") + " = 1", c.values().get(0));
            case STARTS_WITHI -> bind(dialect.position(lower, "lower(?)") + " = 1", c.values().get(0));
            case ENDS_WITH -> endsWith(expr, c.values().get(0), false);
            case ENDS_WITHI -> endsWith(lower, c.values().get(0), true);
            case NULL -> Boolean.TRUE.equals(c.values().get(0)) ? expr + " IS NULL" : expr + " IS NOT NULL";
            case NOT_NULL -> Boolean.TRUE.equals(c.values().get(0)) ? expr + " IS NOT NULL" : expr + " IS NULL";
            case BETWEEN -> {
                params.add(c.values().get(0));
                params.add(c.values().get(1));
                yield expr + " BETWEEN ? AND ?";
            }
        };
    }

    /** The last {@code length(needle)} characters equal the needle. */
    private String endsWith(String expr, Object needle, boolean lowerNeedle) {
        String n = lowerNeedle ? "lower(?)" : "?";
        params.add(needle);
        params.add(needle);
        return "substr(" + expr + ", length(" + expr + ") - length(?) + 1) = " + n;
    }

    private String bind(String sql, Object value) {
        params.add(value);
        return sql;
    }

    private String placeholders(List<Object> values) {
        params.addAll(values);
        return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
    }

    /** The SQL expression of a system column or of an attribute in the JSON data. */
    static String column(SqlDialect dialect, String field, SortKey.ValueType type) {
        if (!SortKey.SystemField.isSystem(field)) {
            return dialect.jsonAttribute(SqlIdentifiers.attribute(field), type);
        }
        return switch (SortKey.SystemField.valueOf(field)) {
            case id -> "id";
            case documentId -> "document_id";
            case createdAt -> "created_at";
            case updatedAt -> "updated_at";
            case publishedAt -> "published_at";
        };
    }
}
