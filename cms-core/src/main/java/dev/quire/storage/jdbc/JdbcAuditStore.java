package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.quire.storage.spi.AuditStore;

final class JdbcAuditStore implements AuditStore {

    private static final String COLUMNS = "at, actor_kind, actor_id, actor_label, action, target, address, outcome";
    /** Inserts one entry; {@link #params} gives its parameters. */
    static final String INSERT = "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final Sql sql;

    JdbcAuditStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void append(AuditEntry e) {
        sql.update(INSERT, sql::unexpected, params(e));
    }

    static Object[] params(AuditEntry e) {
        return new Object[]{e.at(), e.actorKind(), e.actorId(), e.actorLabel(), e.action(), e.target(), e.address(),
                e.outcome()};
    }

    @Override
    public Page list(AuditQuery q) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" FROM audit_log WHERE 1 = 1");
        if (q.actorLabel() != null) {
            where.append(" AND actor_label = ?");
            params.add(q.actorLabel());
        }
        if (q.action() != null) {
            where.append(" AND action = ?");
            params.add(q.action());
        }
        if (q.target() != null) {
            where.append(" AND target = ?");
            params.add(q.target());
        }
        if (q.outcome() != null) {
            where.append(" AND outcome = ?");
            params.add(q.outcome());
        }
        if (q.since() != null) {
            where.append(" AND at >= ?");
            params.add(q.since());
        }
        if (q.until() != null) {
            where.append(" AND at < ?");
            params.add(q.until());
        }
        List<Object> page = new ArrayList<>(params);
        page.add(q.limit());
        page.add(q.offset());
        List<AuditEntry> items = sql.query("SELECT " + COLUMNS + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                this::map, page.toArray());
        return new Page(items, OptionalLong.of(sql.queryLong("SELECT COUNT(*)" + where, params.toArray())));
    }

    @Override
    public int deleteOlderThan(Instant before, int limit) {
        return sql.update("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? ORDER BY id"
                + " LIMIT ?)", sql::unexpected, before, limit);
    }

    private AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(sql.dialect.getInstant(rs, "at"), rs.getString("actor_kind"), rs.getLong("actor_id"),
                rs.getString("actor_label"), rs.getString("action"), rs.getString("target"), rs.getString("address"),
                rs.getString("outcome"));
    }
}
