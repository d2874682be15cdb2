package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.ContentTypeStore;
import dev.quire.storage.spi.ContentTypeUpdate;
import dev.quire.storage.spi.IndexedField;
import dev.quire.storage.spi.NameTaken;
import dev.quire.storage.spi.NewContentType;
import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.SortKey;
import dev.quire.storage.spi.UniqueViolation;
import dev.quire.storage.spi.VersionConflict;

final class JdbcContentTypeStore implements ContentTypeStore {

    private static final String COLUMNS = "id, uid, plural_name, kind, schema_json, indexed_fields, version, created_at, updated_at";

    private final Sql sql;

    JdbcContentTypeStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public List<ContentTypeRecord> list() {
        return sql.query("SELECT " + COLUMNS + " FROM content_type ORDER BY uid", this::map);
    }

    @Override
    public Optional<ContentTypeRecord> findByName(String name) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM content_type WHERE uid = ? OR plural_name = ?", this::map,
                name, name);
    }

    @Override
    public ContentTypeRecord create(NewContentType type) {
        requireNamesFree(type.uid(), type.pluralName(), null);
        long id = sql.insertReturningId(
                "INSERT INTO content_type (uid, plural_name, kind, schema_json, indexed_fields, version, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                sql.nameTaken(type.uid()), type.uid(), type.pluralName(), type.kind(), type.schemaJson(),
                encode(type.indexedFields()), type.now(), type.now());
        for (IndexedField field : type.indexedFields()) {
            createIndex(id, field);
        }
        return new ContentTypeRecord(id, type.uid(), type.pluralName(), type.kind(), type.schemaJson(),
                type.indexedFields(), 1, type.now(), type.now());
    }

    @Override
    public ContentTypeRecord update(ContentTypeUpdate update) {
        ContentTypeRecord current = sql
                .queryOne("SELECT " + COLUMNS + " FROM content_type WHERE uid = ?", this::map, update.uid())
                .orElseThrow(() -> new NotFound("content type", update.uid()));
        if (current.version() != update.expectedVersion()) {
            throw new VersionConflict(update.expectedVersion(), current.version());
        }
        requireNamesFree(null, update.pluralName(), current.uid());
        sql.update("UPDATE content_type SET plural_name = ?, schema_json = ?, indexed_fields = ?, version = ?,"
                + " updated_at = ? WHERE id = ?", sql.nameTaken(update.pluralName()), update.pluralName(),
                update.schemaJson(), encode(update.indexedFields()), current.version() + 1, update.now(),
                current.id());
        Set<IndexedField> wanted = new HashSet<>(update.indexedFields());
        for (IndexedField old : current.indexedFields()) {
            if (!wanted.contains(old)) {
                dropIndex(current.id(), old);
            }
        }
        Set<IndexedField> existing = new HashSet<>(current.indexedFields());
        for (IndexedField field : update.indexedFields()) {
            if (!existing.contains(field)) {
                createIndex(current.id(), field);
            }
        }
        return new ContentTypeRecord(current.id(), current.uid(), update.pluralName(), current.kind(),
                update.schemaJson(), update.indexedFields(), current.version() + 1, current.createdAt(), update.now());
    }

    @Override
    public boolean delete(String uid) {
        Optional<ContentTypeRecord> current = sql.queryOne("SELECT " + COLUMNS + " FROM content_type WHERE uid = ?",
                this::map, uid);
        if (current.isEmpty()) {
            return false;
        }
        long id = current.get().id();
        for (IndexedField field : current.get().indexedFields()) {
            dropIndex(id, field);
        }
        sql.update("DELETE FROM entry WHERE content_type_id = ?", sql::unexpected, id);
        return sql.update("DELETE FROM content_type WHERE id = ?", sql::unexpected, id) == 1;
    }

    private void requireNamesFree(String uid, String pluralName, String exceptUid) {
        for (String name : new String[]{uid, pluralName}) {
            if (name == null) {
                continue;
            }
            long taken = sql.queryLong("SELECT COUNT(*) FROM content_type WHERE (uid = ? OR plural_name = ?)"
                    + " AND uid <> ?", name, name, exceptUid == null ? "" : exceptUid);
            if (taken > 0) {
                throw new NameTaken(name);
            }
        }
    }

    private void createIndex(long contentTypeId, IndexedField field) {
        String name = SqlIdentifiers.entryIndex(contentTypeId, field.name(), field.unique());
        sql.execute(sql.dialect.createEntryIndex(name, contentTypeId, field), e -> sql.dialect
                .violatedUniqueIndex(e).<RuntimeException>map(i -> new UniqueViolation(field.name()))
                .orElseGet(() -> sql.unexpected(e)));
    }

    private void dropIndex(long contentTypeId, IndexedField field) {
        sql.execute(sql.dialect.dropIndex(SqlIdentifiers.entryIndex(contentTypeId, field.name(), field.unique())),
                sql::unexpected);
    }

    private ContentTypeRecord map(ResultSet rs) throws SQLException {
        return new ContentTypeRecord(rs.getLong("id"), rs.getString("uid"), rs.getString("plural_name"),
                rs.getString("kind"), rs.getString("schema_json"), decode(rs.getString("indexed_fields")),
                rs.getLong("version"), sql.dialect.getInstant(rs, "created_at"),
                sql.dialect.getInstant(rs, "updated_at"));
    }

    /** Indexed fields as {@code name:TYPE}, with {@code !} appended when unique, comma-separated. */
    static String encode(List<IndexedField> fields) {
        StringBuilder out = new StringBuilder();
        for (IndexedField f : fields) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(SqlIdentifiers.attribute(f.name())).append(':').append(f.valueType().name())
                    .append(f.unique() ? "!" : "");
        }
        return out.toString();
    }

    static List<IndexedField> decode(String encoded) {
        List<IndexedField> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String part : encoded.split(",")) {
            boolean unique = part.endsWith("!");
            String[] nameAndType = (unique ? part.substring(0, part.length() - 1) : part).split(":");
            out.add(new IndexedField(nameAndType[0], unique, SortKey.ValueType.valueOf(nameAndType[1])));
        }
        return out;
    }

}
