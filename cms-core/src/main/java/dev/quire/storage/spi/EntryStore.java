package dev.quire.storage.spi;

import java.util.Optional;

/**
 * Entries of content types. An entry row is identified by (content type, documentId, locale, status); all rows of one
 * document share its documentId. Field values are one JSON object per row.
 */
public interface EntryStore {

    /**
     * Inserts a row at version 1.
     *
     * @return the stored row with its generated id
     * @throws UniqueViolation
     *             when a unique attribute's value is already used in the same locale and status
     * @throws EntryExists
     *             when the (documentId, locale, status) row already exists
     * @throws NotFound
     *             when the content type does not exist
     */
    EntryRecord insert(NewEntry entry);

    /**
     * As {@link #insert}, but only while the entry's content type is at {@code typeVersion}, checked in the statement
     * that inserts: a writer that validated the entry against the type as it last saw it learns here whether that is
     * still the type.
     *
     * @return the stored row, or empty, with nothing inserted, when the type is at another version or gone
     */
    Optional<EntryRecord> insertAtTypeVersion(NewEntry entry, long typeVersion);

    /** The row with this key, if any. */
    Optional<EntryRecord> find(EntryKey key);

    /**
     * The row with this key, if any, held for the rest of this unit of work: no other write changes or deletes it until
     * this one ends, and a write that held it first has ended before this returns. A read, change and write of the row
     * therefore neither loses a concurrent write's change nor fails because of it. Only in a write.
     */
    Optional<EntryRecord> lock(EntryKey key);

    /**
     * One page of rows of a type in one locale (or every locale) and status, ordered by {@code query.sort()} and then
     * by id, so that paging is stable.
     */
    EntryPage list(EntryQuery query);

    /**
     * The database's plan for {@link #list}{@code (query)}, as text, for diagnostics and for tests that check a query
     * is index-backed. Never executes the query.
     */
    String explain(EntryQuery query);

    /**
     * Replaces a row's data and increments its version.
     *
     * @throws NotFound
     *             when the row does not exist
     * @throws VersionConflict
     *             when {@code update.expectedVersion()} is present and differs from the stored version
     * @throws UniqueViolation
     *             as for {@link #insert}
     */
    EntryRecord update(EntryUpdate update);

    /**
     * Copies a draft row to the published row of the same document and locale, creating or replacing it. The published
     * row takes the draft's data and version and {@code publishedAt}; its id stays the same across publishes. The draft
     * is read with {@link #lock}, so a concurrent edit of it is either published whole or not at all.
     *
     * @return the published row
     * @throws NotFound
     *             when {@code draft} does not exist
     * @throws UniqueViolation
     *             when another published row of the locale has a value of a unique attribute
     */
    EntryRecord publish(EntryKey draft, java.time.Instant publishedAt);

    /**
     * {@link #publish(EntryKey, java.time.Instant)} of a draft row the caller has locked ({@link #lock}) or written in
     * this unit of work: the store copies it as given instead of reading it again.
     */
    EntryRecord publish(EntryRecord draft, java.time.Instant publishedAt);

    /** Deletes one row. @return whether it existed */
    boolean deleteVersion(EntryKey key);

    /** Every row of a document: all locales and statuses, ordered by locale and status. */
    java.util.List<EntryRecord> versions(long contentTypeId, String documentId);

    /**
     * Deletes every status of a document in one locale.
     *
     * @return the number of rows deleted, 0 when there was nothing to delete
     */
    int delete(long contentTypeId, String documentId, String locale);
}
