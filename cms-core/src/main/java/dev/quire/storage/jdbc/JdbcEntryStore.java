package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
import dev.quire.storage.spi.UniqueViolation;
import dev.quire.storage.spi.VersionConflict;

final class JdbcEntryStore implements EntryStore {

    private static final String KEY = "content_type_id = ? AND document_id = ? AND locale = ? AND status = ?";

    private final Sql sql;
    private final String columns;

    JdbcEntryStore(Sql sql) {
        this.sql = sql;
        this.columns = "id, content_type_id, document_id, locale, status, " + sql.dialect.jsonText("data")
                + " AS data, version, created_at, updated_at, published_at";
    }

    @Override
    public EntryRecord insert(NewEntry entry) {
        EntryKey k = entry.key();
        long id = sql.insertReturningId("INSERT INTO entry (content_type_id, document_id, locale, status, data,"
                + " version, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, " + sql.dialect.jsonParameter()
                + ", 1, ?, ?, ?) RETURNING id", this::translate, k.contentTypeId(), k.documentId(), k.locale(),
                k.status().wireName(), entry.dataJson(), entry.createdAt(), entry.createdAt(), entry.publishedAt());
        return find(k).orElseThrow(() -> new IllegalStateException("entry " + id + " vanished inside its transaction"));
    }

    @Override
    public Optional<EntryRecord> find(EntryKey key) {
        return sql.queryOne("SELECT " + columns + " FROM entry WHERE " + KEY, this::map, keyParams(key));
    }

    @Override
    public EntryPage list(EntryQuery q) {
        String where = " FROM entry WHERE content_type_id = ? AND locale = ? AND status = ?";
        Object[] params = {q.contentTypeId(), q.locale(), q.status().wireName()};
        List<Object> pageParams = new ArrayList<>(List.of(params));
        pageParams.add(q.limit());
        pageParams.add(q.offset());
        List<EntryRecord> items = sql.query("SELECT " + columns + where + orderBy(q.sort()) + " LIMIT ? OFFSET ?",
                this::map, pageParams.toArray());
        OptionalLong total = q.withCount()
                ? OptionalLong.of(sql.queryLong("SELECT COUNT(*)" + where, params))
                : OptionalLong.empty();
        return new EntryPage(items, total);
    }

    @Override
    public EntryRecord update(EntryUpdate u) {
        EntryKey k = u.key();
        String versionCheck = u.expectedVersion().isPresent() ? " AND version = ?" : "";
        List<Object> params = new ArrayList<>(List.of(u.dataJson(), u.updatedAt()));
        params.addAll(List.of(keyParams(k)));
        u.expectedVersion().ifPresent(params::add);
        int changed = sql.update("UPDATE entry SET data = " + sql.dialect.jsonParameter()
                + ", version = version + 1, updated_at = ? WHERE " + KEY + versionCheck, this::translate,
                params.toArray());
        if (changed == 0) {
            EntryRecord current = find(k).orElseThrow(() -> new NotFound("entry", k.documentId()));
            throw new VersionConflict(u.expectedVersion().orElse(-1), current.version());
        }
        return find(k).orElseThrow(() -> new NotFound("entry", k.documentId()));
    }

    @Override
    public int delete(long contentTypeId, String documentId, String locale) {
        return sql.update("DELETE FROM entry WHERE content_type_id = ? AND document_id = ? AND locale = ?",
                sql::unexpected, contentTypeId, documentId, locale);
    }

    private String orderBy(List<SortKey> sort) {
        StringBuilder out = new StringBuilder(" ORDER BY ");
        for (SortKey key : sort) {
            out.append(sortExpression(key)).append(key.descending() ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
        }
        return out.append("id ASC").toString();
    }

    private String sortExpression(SortKey key) {
        if (!SortKey.SystemField.isSystem(key.field())) {
            return sql.dialect.jsonAttribute(SqlIdentifiers.attribute(key.field()), key.valueType());
        }
        return switch (SortKey.SystemField.valueOf(key.field())) {
            case id -> "id";
            case documentId -> "document_id";
            case createdAt -> "created_at";
            case updatedAt -> "updated_at";
            case publishedAt -> "published_at";
        };
    }

    private RuntimeException translate(SQLException e) {
        Optional<String> index = sql.dialect.violatedUniqueIndex(e);
        if (index.isPresent()) {
            String attribute = SqlIdentifiers.attributeOfEntryIndex(index.get());
            return new UniqueViolation(attribute != null ? attribute : "documentId");
        }
        return sql.unexpected(e);
    }

    private static Object[] keyParams(EntryKey k) {
        return new Object[]{k.contentTypeId(), k.documentId(), k.locale(), k.status().wireName()};
    }

    private EntryRecord map(ResultSet rs) throws SQLException {
        return new EntryRecord(rs.getLong("id"), rs.getLong("content_type_id"), rs.getString("document_id"),
                rs.getString("locale"), EntryStatus.fromWireName(rs.getString("status")), rs.getString("data"),
                rs.getLong("version"), sql.dialect.getInstant(rs, "created_at"),
                sql.dialect.getInstant(rs, "updated_at"), sql.dialect.getInstant(rs, "published_at"));
    }
}
