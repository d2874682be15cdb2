package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.ScheduleStore;

final class JdbcScheduleStore implements ScheduleStore {

    private static final String COLUMNS = "content_type_id, document_id, locale, publish_at, unpublish_at, updated_at";
    private static final String KEY = "content_type_id = ? AND document_id = ? AND locale = ?";

    private final Sql sql;

    JdbcScheduleStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void put(EntrySchedule e) {
        sql.update("INSERT INTO entry_schedule (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT"
                + " (content_type_id, document_id, locale) DO UPDATE SET publish_at = excluded.publish_at,"
                + " unpublish_at = excluded.unpublish_at, updated_at = excluded.updated_at", sql::unexpected,
                e.contentTypeId(), e.documentId(), e.locale(), e.publishAt(), e.unpublishAt(), e.updatedAt());
    }

    @Override
    public Optional<EntrySchedule> find(long contentTypeId, String documentId, String locale) {
        return sql.queryOne("SELECT " + COLUMNS + " FROM entry_schedule WHERE " + KEY, this::map, contentTypeId,
                documentId, locale);
    }

    @Override
    public Optional<EntrySchedule> lock(long contentTypeId, String documentId, String locale) {
        sql.requireWritable();
        return sql.queryOne("SELECT " + COLUMNS + " FROM entry_schedule WHERE " + KEY + sql.dialect.rowLock(),
                this::map, contentTypeId, documentId, locale);
    }

    @Override
    public boolean delete(long contentTypeId, String documentId, String locale) {
        return sql.update("DELETE FROM entry_schedule WHERE content_type_id = ? AND document_id = ? AND locale = ?",
                sql::unexpected, contentTypeId, documentId, locale) > 0;
    }

    @Override
    public List<EntrySchedule> due(Instant now, int limit) {
        return sql.query("SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + ", publish_at AS due FROM entry_schedule"
                + " WHERE publish_at <= ? UNION ALL SELECT " + COLUMNS + ", unpublish_at AS due FROM entry_schedule"
                + " WHERE unpublish_at <= ? AND (publish_at IS NULL OR publish_at > ?)) s ORDER BY due LIMIT ?",
                this::map, now, now, now, limit);
    }

    private EntrySchedule map(ResultSet rs) throws SQLException {
        return new EntrySchedule(rs.getLong("content_type_id"), rs.getString("document_id"), rs.getString("locale"),
                sql.dialect.getInstant(rs, "publish_at"), sql.dialect.getInstant(rs, "unpublish_at"),
                sql.dialect.getInstant(rs, "updated_at"));
    }
}
