package dev.quire.storage.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.RelationStore;

final class JdbcRelationStore implements RelationStore {

    /** Bind parameters per IN list; well under both databases' limits. */
    private static final int CHUNK = 500;

    private final Sql sql;

    JdbcRelationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void setLinks(long entryId, String field, List<DocumentRef> targets) {
        sql.update("DELETE FROM entry_link WHERE entry_id = ? AND field = ?", sql::unexpected, entryId, field);
        int position = 0;
        for (DocumentRef target : targets) {
            int inserted = sql.update("INSERT INTO entry_link (entry_id, field, target_id, position)"
                    + " SELECT ?, ?, d.id, ? FROM document d WHERE d.content_type_id = ? AND d.document_id = ?"
                    + " ON CONFLICT (entry_id, field, target_id) DO NOTHING", sql::unexpected, entryId, field,
                    position++, target.contentTypeId(), target.documentId());
            if (inserted == 0 && !linked(entryId, field, target)) {
                throw new NotFound("document", target.documentId());
            }
        }
    }

    private boolean linked(long entryId, String field, DocumentRef target) {
        return sql.queryLong("SELECT COUNT(*) FROM entry_link l JOIN document d ON d.id = l.target_id"
                + " WHERE l.entry_id = ? AND l.field = ? AND d.content_type_id = ? AND d.document_id = ?", entryId,
                field, target.contentTypeId(), target.documentId()) > 0;
    }

    @Override
    public void deleteField(long contentTypeId, String field) {
        sql.update("DELETE FROM entry_link WHERE field = ? AND entry_id IN (SELECT id FROM entry WHERE"
                + " content_type_id = ?)", sql::unexpected, field, contentTypeId);
    }

    @Override
    public List<Link> links(List<Long> entryIds, String field) {
        List<Link> out = new ArrayList<>();
        for (List<Long> chunk : chunks(entryIds)) {
            List<Object> params = new ArrayList<>(chunk);
            params.add(field);
            out.addAll(sql.query("SELECT l.entry_id, d.document_id, l.position FROM entry_link l"
                    + " JOIN document d ON d.id = l.target_id WHERE l.entry_id IN (" + placeholders(chunk.size())
                    + ") AND l.field = ? ORDER BY l.entry_id, l.position",
                    rs -> new Link(rs.getLong(1), rs.getString(2), rs.getInt(3)), params.toArray()));
        }
        return out;
    }

    @Override
    public List<InverseLink> inverseLinks(long sourceType, String field, String locale, EntryStatus status,
            List<DocumentRef> targets) {
        List<InverseLink> out = new ArrayList<>();
        if (targets.isEmpty()) {
            return out;
        }
        long targetType = targets.get(0).contentTypeId();
        for (List<DocumentRef> chunk : chunks(targets)) {
            List<Object> params = new ArrayList<>();
            chunk.forEach(t -> params.add(t.documentId()));
            params.addAll(List.of(field, locale, status.wireName()));
            out.addAll(sql.query("SELECT " + JdbcEntryStore.columns(sql.dialect, "s") + ", d.document_id AS linked"
                    + " FROM document d JOIN entry_link l ON l.target_id = d.id JOIN entry s ON s.id = l.entry_id"
                    + " WHERE d.content_type_id = " + targetType + " AND d.document_id IN ("
                    + placeholders(chunk.size()) + ") AND l.field = ? AND s.content_type_id = " + sourceType
                    + " AND s.locale = ? AND s.status = ? ORDER BY s.id",
                    rs -> new InverseLink(JdbcEntryStore.map(rs, sql.dialect), rs.getString("linked")),
                    params.toArray()));
        }
        return out;
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += CHUNK) {
            out.add(items.subList(i, Math.min(items.size(), i + CHUNK)));
        }
        return out;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
