package dev.quire.storage.spi;

import java.util.List;

/**
 * What {@link EntryStore#list} returns: rows of one type, locale and status that match {@code filter}.
 *
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
 */
public record EntryQuery(long contentTypeId, String locale, EntryStatus status, Condition filter, List<SortKey> sort,
        long offset, int limit, boolean withCount) {

    public static final Condition ALL = new Condition.And(List.of());

    public EntryQuery {
        sort = List.copyOf(sort);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }
}
