package dev.quire.storage.spi;

import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link EntryStore#list} returns: rows of one type, locale and status that match {@code filter}.
 *
 * @param locale
 *            the rows' locale, or {@code null} for rows in every locale (without a count)
 * @param filter
 *            the condition rows must meet; {@code new Condition.And(List.of())} for all rows
 * @param sort
 *            sort keys applied in order, before the final tie-break on id
 * @param offset
 *            rows to skip, at least 0
 * @param limit
 *            rows to return, at least 1
 * @param withCount
 *            whether to count all matching rows
 * @param typeVersion
 *            when present, rows are returned only while the content type is still at this version, checked in the same
 *            statement: a caller that built the query from a type it read earlier learns from an empty page that the
 *            type may have changed since, without a round trip to look the type up first
 */
public record EntryQuery(long contentTypeId, String locale, EntryStatus status, Condition filter, List<SortKey> sort,
        long offset, int limit, boolean withCount, OptionalLong typeVersion) {

    public static final Condition ALL = new Condition.And(List.of());

    public EntryQuery {
        sort = List.copyOf(sort);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
        if (locale == null && withCount) {
            throw new IllegalArgumentException("a query in every locale is not counted");
        }
    }

    /** A query that does not check the type's version. */
    public EntryQuery(long contentTypeId, String locale, EntryStatus status, Condition filter, List<SortKey> sort,
            long offset, int limit, boolean withCount) {
        this(contentTypeId, locale, status, filter, sort, offset, limit, withCount, OptionalLong.empty());
    }
}
