package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.quire.storage.spi.EntryExists;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryPage;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.EntryStore;
import dev.quire.storage.spi.EntryUpdate;
import dev.quire.storage.spi.NewEntry;
import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.SortKey;
import dev.quire.storage.spi.StorageFailure;
import dev.quire.storage.spi.UniqueViolation;
import dev.quire.storage.spi.VersionConflict;

final class JdbcEntryStore implements EntryStore {

    private static final String KEY = "content_type_id = ? AND document_id = ? AND locale = ? AND status = ?";
    /**
     * Ends a {@code SELECT} that gives a row only while the content type (first {@code ?}) is at a version (second).
     */
    private static final String TYPE_AT_VERSION = " WHERE EXISTS (SELECT 1 FROM content_type WHERE id = ? AND version = ?)";
    /** A list's total without a filter: the sum of its {@code entry_count} rows (migration V8). */
    private static final String UNFILTERED_TOTAL = "SELECT COALESCE(SUM(n), 0) FROM entry_count"
            + " WHERE content_type_id = ? AND locale = ? AND status = ?";

    private final Sql sql;
    private final String columns;
    private final String aliased;

    JdbcEntryStore(Sql sql) {
        this.sql = sql;
        this.columns = "id, content_type_id, document_id, locale, status, " + sql.dialect.jsonText("data")
                + " AS data, version, created_at, updated_at, published_at";
        this.aliased = columns(sql.dialect, "e");
    }

    /** The columns of an entry row aliased {@code alias}, as {@link #map} reads them. */
    static String columns(SqlDialect dialect, String alias) {
        return alias + ".id, " + alias + ".content_type_id, " + alias + ".document_id, " + alias + ".locale, "
                + alias + ".status, " + dialect.jsonText(alias + ".data") + " AS data, " + alias + ".version, "
                + alias + ".created_at, " + alias + ".updated_at, " + alias + ".published_at";
    }

    @Override
    public EntryRecord insert(NewEntry entry) {
        return insert(entry, "VALUES (?, ?, ?, ?, " + sql.dialect.jsonParameter() + ", 1, ?, ?, ?)", "VALUES (?, ?)",
                new Object[0]).orElseThrow(() -> new StorageFailure("the entry insert returned no row", null));
    }

    @Override
    public Optional<EntryRecord> insertAtTypeVersion(NewEntry entry, long typeVersion) {
        return insert(entry, "SELECT ?, ?, ?, ?, " + sql.dialect.jsonParameter() + ", 1, ?, ?, ?" + TYPE_AT_VERSION,
                "SELECT ?, ?" + TYPE_AT_VERSION, new Object[]{entry.key().contentTypeId(), typeVersion});
    }

    /**
     * Inserts the entry row that {@code rows} gives and its document's row, if new, that {@code documents} gives; each
     * takes the row's parameters and then {@code condition}'s. Where the dialect inserts in {@code WITH}, both go in
     * one statement.
     */
    private Optional<EntryRecord> insert(NewEntry entry, String rows, String documents, Object[] condition) {
        EntryKey k = entry.key();
        String insert = "INSERT INTO entry (content_type_id, document_id, locale, status, data, version, created_at,"
                + " updated_at, published_at) " + rows + " RETURNING " + columns;
        Object[] row = Sql.joined(new Object[]{k.contentTypeId(), k.documentId(), k.locale(), k.status().wireName(),
                entry.dataJson(), entry.createdAt(), entry.createdAt(), entry.publishedAt()}, condition);
        String ensureDocument = "INSERT INTO document (content_type_id, document_id) " + documents
                + " ON CONFLICT (content_type_id, document_id) DO NOTHING";
        Object[] document = Sql.joined(new Object[]{k.contentTypeId(), k.documentId()}, condition);
        if (sql.dialect.insertsInWith()) {
            return sql.writeReturning("WITH new_document AS (" + ensureDocument + ") " + insert, this::map,
                    this::translate, Sql.joined(document, row));
        }
        sql.update(ensureDocument, sql::unexpected, document);
        return sql.writeReturning(insert, this::map, this::translate, row);
    }

    @Override
    public Optional<EntryRecord> find(EntryKey key) {
        return sql.queryOne("SELECT " + columns + " FROM entry WHERE " + KEY, this::map, keyParams(key));
    }

    @Override
    public Optional<EntryRecord> lock(EntryKey key) {
        sql.requireWritable();
        return sql.queryOne("SELECT " + columns + " FROM entry WHERE " + KEY + sql.dialect.rowLock(), this::map,
                keyParams(key));
    }

    @Override
    public EntryPage list(EntryQuery q) {
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        // an unfiltered total is a sum of a few entry_count rows: it comes with the page in the same statement, which
        // saves PostgreSQL a round trip per list and reads the rows and the total in one snapshot
        boolean totalWithPage = q.withCount() && q.filter().equals(EntryQuery.ALL);
        List<Object> pageParams = new ArrayList<>();
        String select = "SELECT " + aliased;
        if (totalWithPage) {
            select += ", (" + UNFILTERED_TOTAL + ") AS page_total";
            pageParams.addAll(List.of(q.contentTypeId(), q.locale(), q.status().wireName()));
        }
        pageParams.addAll(params);
        String page = sql.dialect.page(q.limit(), q.offset(), pageParams);
        long[] pageTotal = {-1};
        List<EntryRecord> items = sql.query(select + where + orderBy(q.sort()) + page, rs -> {
            if (totalWithPage) {
                pageTotal[0] = rs.getLong("page_total");
            }
            return map(rs);
        }, pageParams.toArray());
        if (!q.withCount()) {
            return new EntryPage(items, OptionalLong.empty());
        }
        return new EntryPage(items, OptionalLong.of(pageTotal[0] >= 0 ? pageTotal[0] : total(q, where, params)));
    }

    /**
     * A list's total when its page did not bring it. Without a filter it is read from {@code entry_count}, which both
     * schemas keep up to date by triggers in the transaction that adds or removes entries (migration V8), whose rows
     * for a type, locale and status sum to their number of entries; with one, the matching rows are counted.
     */
    private long total(EntryQuery q, String where, List<Object> params) {
        if (q.filter().equals(EntryQuery.ALL)) {
            return sql.count(UNFILTERED_TOTAL, q.contentTypeId(), q.locale(), q.status().wireName());
        }
        return sql.count("SELECT COUNT(*)" + where, params.toArray());
    }

    @Override
    public String explain(EntryQuery q) {
        // a plain read first: SQLite's EXPLAIN reads nothing, so on its own it would not notice a schema change made
        // by another connection and would plan against stale indexes
        sql.queryLong("SELECT COUNT(*) FROM content_type WHERE id = ?", q.contentTypeId());
        List<Object> params = new ArrayList<>();
        String where = where(q, params);
        String page = sql.dialect.page(q.limit(), q.offset(), params);
        List<String> lines = sql.query(sql.dialect.explain("SELECT " + aliased + where + orderBy(q.sort()) + page),
                rs -> rs.getString(rs.getMetaData().getColumnCount()), params.toArray());
        return String.join("\n", lines);
    }

    /**
     * The content type id is written as a literal (it is a number from the database, never client text) so that both
     * databases can match the partial expression indexes, whose predicate names it. A type version check does not
     * depend on the row, so both databases evaluate it once per statement.
     */
    private String where(EntryQuery q, List<Object> params) {
        if (q.locale() != null) {
            params.add(q.locale());
        }
        params.add(q.status().wireName());
        String filter = new JdbcFilters(sql.dialect, params, "e").render(q.filter());
        String where = " FROM entry e WHERE e.content_type_id = " + q.contentTypeId()
                + (q.locale() != null ? " AND e.locale = ?" : "") + " AND e.status = ? AND " + filter;
        if (q.typeVersion().isPresent()) {
            params.add(q.typeVersion().getAsLong());
            where += " AND EXISTS (SELECT 1 FROM content_type WHERE id = " + q.contentTypeId() + " AND version = ?)";
        }
        return where;
    }

    @Override
    public EntryRecord update(EntryUpdate u) {
        EntryKey k = u.key();
        String versionCheck = u.expectedVersion().isPresent() ? " AND version = ?" : "";
        List<Object> params = new ArrayList<>(List.of(u.dataJson(), u.updatedAt()));
        params.addAll(List.of(keyParams(k)));
        u.expectedVersion().ifPresent(params::add);
        Optional<EntryRecord> updated = sql.writeReturning("UPDATE entry SET data = " + sql.dialect.jsonParameter()
                + ", version = version + 1, updated_at = ? WHERE " + KEY + versionCheck + " RETURNING " + columns,
                this::map, this::translate, params.toArray());
        if (updated.isEmpty()) {
            EntryRecord current = find(k).orElseThrow(() -> new NotFound("entry", k.documentId()));
            throw new VersionConflict(u.expectedVersion().orElse(-1), current.version());
        }
        return updated.get();
    }

    @Override
    public EntryRecord publish(EntryKey draft, Instant publishedAt) {
        return publish(lock(draft).orElseThrow(() -> new NotFound("entry", draft.documentId())), publishedAt);
    }

    /**
     * The published row comes back from its {@code UPDATE} or {@code INSERT}; the draft's links replace its own, which
     * a row inserted here does not have yet (entry ids are never reused).
     */
    @Override
    public EntryRecord publish(EntryRecord source, Instant publishedAt) {
        EntryKey draft = source.key();
        EntryKey published = new EntryKey(draft.contentTypeId(), draft.documentId(), draft.locale(),
                EntryStatus.PUBLISHED);
        List<Object> params = new ArrayList<>(List.of(source.dataJson(), source.version(), publishedAt, publishedAt));
        params.addAll(List.of(keyParams(published)));
        Optional<EntryRecord> replaced = sql.writeReturning("UPDATE entry SET data = " + sql.dialect.jsonParameter()
                + ", version = ?, updated_at = ?, published_at = ? WHERE " + KEY + " RETURNING " + columns, this::map,
                this::translate, params.toArray());
        EntryRecord result;
        if (replaced.isPresent()) {
            result = replaced.get();
            sql.update("DELETE FROM entry_link WHERE entry_id = ?", sql::unexpected, result.id());
        } else {
            result = sql.insertReturning("INSERT INTO entry (content_type_id, document_id, locale, status, data,"
                    + " version, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, "
                    + sql.dialect.jsonParameter() + ", ?, ?, ?, ?) RETURNING " + columns, this::map, this::translate,
                    published.contentTypeId(), published.documentId(), published.locale(),
                    published.status().wireName(), source.dataJson(), source.version(), source.createdAt(),
                    publishedAt, publishedAt);
        }
        sql.update("INSERT INTO entry_link (entry_id, field, target_id, position) SELECT ?, field, target_id, position"
                + " FROM entry_link WHERE entry_id = ?", sql::unexpected, result.id(), source.id());
        return result;
    }

    @Override
    public boolean deleteVersion(EntryKey key) {
        boolean deleted = sql.update("DELETE FROM entry WHERE " + KEY, sql::unexpected, keyParams(key)) > 0;
        dropDocumentIfEmpty(key.contentTypeId(), key.documentId());
        return deleted;
    }

    @Override
    public List<EntryRecord> versions(long contentTypeId, String documentId) {
        return sql.query("SELECT " + columns + " FROM entry WHERE content_type_id = ? AND document_id = ?"
                + " ORDER BY locale, status", this::map, contentTypeId, documentId);
    }

    @Override
    public int delete(long contentTypeId, String documentId, String locale) {
        int deleted = sql.update("DELETE FROM entry WHERE content_type_id = ? AND document_id = ? AND locale = ?",
                sql::unexpected, contentTypeId, documentId, locale);
        dropDocumentIfEmpty(contentTypeId, documentId);
        return deleted;
    }

    /** A document without any row left is gone, and so is every link to it (by cascade). */
    private void dropDocumentIfEmpty(long contentTypeId, String documentId) {
        sql.update("DELETE FROM document WHERE content_type_id = ? AND document_id = ? AND NOT EXISTS"
                + " (SELECT 1 FROM entry WHERE content_type_id = ? AND document_id = ?)", sql::unexpected,
                contentTypeId, documentId, contentTypeId, documentId);
    }

    /**
     * The requested order, then id in the direction of the last key: paging is stable, and an expression index ending
     * in id (see {@link SqlDialect#createEntryIndex}) serves the whole order forwards or backwards.
     */
    private String orderBy(List<SortKey> sort) {
        StringBuilder out = new StringBuilder(" ORDER BY ");
        for (SortKey key : sort) {
            out.append(sortExpression(key)).append(key.descending() ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
        }
        boolean descending = !sort.isEmpty() && sort.get(sort.size() - 1).descending();
        return out.append(descending ? "e.id DESC" : "e.id ASC").toString();
    }

    private String sortExpression(SortKey key) {
        return JdbcFilters.column(sql.dialect, "e", key.field(), key.valueType());
    }

    private RuntimeException translate(SQLException e) {
        Optional<String> index = sql.dialect.violatedUniqueIndex(e);
        if (index.isPresent()) {
            String attribute = SqlIdentifiers.attributeOfEntryIndex(index.get());
            return attribute != null ? new UniqueViolation(attribute) : new EntryExists();
        }
        return sql.unexpected(e);
    }

    private static Object[] keyParams(EntryKey k) {
        return new Object[]{k.contentTypeId(), k.documentId(), k.locale(), k.status().wireName()};
    }

    private EntryRecord map(ResultSet rs) throws SQLException {
        return map(rs, sql.dialect);
    }

    static EntryRecord map(ResultSet rs, SqlDialect dialect) throws SQLException {
        return new EntryRecord(rs.getLong("id"), rs.getLong("content_type_id"), rs.getString("document_id"),
                rs.getString("locale"), EntryStatus.fromWireName(rs.getString("status")), rs.getString("data"),
                rs.getLong("version"), dialect.getInstant(rs, "created_at"), dialect.getInstant(rs, "updated_at"),
                dialect.getInstant(rs, "published_at"));
    }
}
