package dev.quire.storage.spi;

import java.util.List;

/**
 * What {@link EntryStore#list} returns: rows of one type, locale and status.
 *
 * @param sort
 *            sort keys applied in order, before the final tie-break on id
 * @param offset
 *            rows to skip, at least 0
 * @param limit
 *            rows to return, at least 1
 * @param withCount
 *            whether to count all matching rows
 */
public record EntryQuery(long contentTypeId, String locale, EntryStatus status, List<SortKey> sort, long offset,
        int limit, boolean withCount) {

    public EntryQuery {
        sort = List.copyOf(sort);
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1");
        }
    }
}
