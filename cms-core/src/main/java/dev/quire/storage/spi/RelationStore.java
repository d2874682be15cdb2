package dev.quire.storage.spi;

import java.util.List;

/**
 * Links from entry rows to documents, one list per relation attribute. A link points at a document (all its locales and
 * versions), never at a row, and disappears with the document or with the row that holds it.
 */
public interface RelationStore {

    /**
     * Replaces the targets of one relation attribute of one entry row, in the given order.
     *
     * @throws NotFound
     *             when a target document does not exist (what: {@code "document"}); nothing is changed then
     */
    void setLinks(long entryId, String field, List<DocumentRef> targets);

    /** Deletes every link of attribute {@code field} of one content type's entries, when the attribute goes away. */
    void deleteField(long contentTypeId, String field);

    /** The links of one attribute from each of the given rows, ordered by row and position. */
    List<Link> links(List<Long> entryIds, String field);

    /**
     * The reverse of {@link #links}: the rows of {@code sourceType} in {@code locale} and {@code status} whose
     * attribute {@code field} links to one of {@code targets}, each with the target it links to.
     */
    List<InverseLink> inverseLinks(long sourceType, String field, String locale, EntryStatus status,
            List<DocumentRef> targets);

    /** A document of a content type. */
    record DocumentRef(long contentTypeId, String documentId) {
    }

    /** One link: from a row to a document, at a position in the attribute's list. */
    record Link(long entryId, String targetDocumentId, int position) {
    }

    /** One row linking to a target. */
    record InverseLink(EntryRecord source, String targetDocumentId) {
    }
}
