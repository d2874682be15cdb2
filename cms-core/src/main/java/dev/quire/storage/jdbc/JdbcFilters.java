package dev.quire.storage.jdbc;

import java.util.List;

import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.Condition.Compare;
import dev.quire.storage.spi.SortKey;

/**
 * Renders a {@link Condition} as a SQL boolean expression over the {@code entry} row aliased {@code alias}. Field names
 * pass {@link SqlIdentifiers}; every value is a bind parameter appended to {@code params}. Conditions through relations
 * become {@code EXISTS} subqueries with aliases of their own, one level deeper each.
 */
final class JdbcFilters {

    private final SqlDialect dialect;
    private final List<Object> params;
    private final String alias;

    JdbcFilters(SqlDialect dialect, List<Object> params, String alias) {
        this.dialect = dialect;
        this.params = params;
        this.alias = alias;
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
        if (condition instanceof Condition.Related related) {
            return related(related);
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

    /** An entry linked through a relation to a row of the target type that meets the nested condition. */
    private String related(Condition.Related r) {
        String t = alias + "t";
        String l = alias + "l";
        String d = alias + "d";
        String field = SqlIdentifiers.attribute(r.field());
        String join;
        if (!r.inverse()) {
            join = "SELECT 1 FROM entry_link " + l + " JOIN document " + d + " ON " + d + ".id = " + l + ".target_id"
                    + " JOIN entry " + t + " ON " + t + ".content_type_id = " + d + ".content_type_id AND " + t
                    + ".document_id = " + d + ".document_id WHERE " + l + ".entry_id = " + alias + ".id AND " + l
                    + ".field = ?";
        } else {
            join = "SELECT 1 FROM document " + d + " JOIN entry_link " + l + " ON " + l + ".target_id = " + d
                    + ".id JOIN entry " + t + " ON " + t + ".id = " + l + ".entry_id WHERE " + d
                    + ".content_type_id = " + alias + ".content_type_id AND " + d + ".document_id = " + alias
                    + ".document_id AND " + l + ".field = ?";
        }
        params.add(field);
        params.add(r.locale());
        params.add(r.status().wireName());
        String inner = new JdbcFilters(dialect, params, t).render(r.condition());
        return "EXISTS (" + join + " AND " + t + ".content_type_id = " + r.targetType() + " AND " + t
                + ".locale = ? AND " + t + ".status = ? AND " + inner + ")";
    }

    private String compare(Compare c) {
        String expr = column(dialect, alias, c.field(), c.type());
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

    /** The SQL expression of a system column or of an attribute in the JSON data of the row {@code alias}. */
    static String column(SqlDialect dialect, String alias, String field, SortKey.ValueType type) {
        if (!SortKey.SystemField.isSystem(field)) {
            return dialect.jsonAttribute(alias + ".data", SqlIdentifiers.attribute(field), type);
        }
        return alias + "." + switch (SortKey.SystemField.valueOf(field)) {
            case id -> "id";
            case documentId -> "document_id";
            case createdAt -> "created_at";
            case updatedAt -> "updated_at";
            case publishedAt -> "published_at";
        };
    }
}
