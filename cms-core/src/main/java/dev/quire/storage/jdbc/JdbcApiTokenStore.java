package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.ApiTokenStore;
import dev.quire.storage.spi.NotFound;

final class JdbcApiTokenStore implements ApiTokenStore {

    private final Sql sql;
    private final String columns;

    JdbcApiTokenStore(Sql sql) {
        this.sql = sql;
        this.columns = "id, name, description, type, " + sql.dialect.jsonText("permissions")
                + " AS permissions, token_hash, created_at, expires_at, last_used_at, revoked_at";
    }

    @Override
    public ApiTokenRecord create(NewApiToken t) {
        long id = sql.insertReturningId("INSERT INTO api_token (name, description, type, permissions, token_hash,"
                + " created_at, expires_at) VALUES (?, ?, ?, " + sql.dialect.jsonParameter()
                + ", ?, ?, ?) RETURNING id",
                sql.nameTaken(t.name()),
                t.name(), t.description(), t.type(), t.permissionsJson(), t.tokenHash(), t.createdAt(), t.expiresAt());
        return find(id).orElseThrow(() -> new NotFound("API token", id));
    }

    @Override
    public List<ApiTokenRecord> list() {
        return sql.query("SELECT " + columns + " FROM api_token ORDER BY id", this::map);
    }

    @Override
    public Optional<ApiTokenRecord> find(long id) {
        return sql.queryOne("SELECT " + columns + " FROM api_token WHERE id = ?", this::map, id);
    }

    @Override
    public Optional<ApiTokenRecord> findByHash(String tokenHash) {
        return sql.queryOne("SELECT " + columns + " FROM api_token WHERE token_hash = ?", this::map, tokenHash);
    }

    @Override
    public ApiTokenRecord replaceHash(long id, String tokenHash) {
        sql.accessChanged();
        if (sql.update("UPDATE api_token SET token_hash = ? WHERE id = ?", sql::unexpected, tokenHash, id) == 0) {
            throw new NotFound("API token", id);
        }
        return find(id).orElseThrow(() -> new NotFound("API token", id));
    }

    @Override
    public boolean revoke(long id, Instant now) {
        sql.accessChanged();
        return sql.update("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", sql::unexpected,
                now, id) > 0;
    }

    @Override
    public int deleteEndedBefore(Instant before, int limit) {
        return sql.update("DELETE FROM api_token WHERE id IN (SELECT id FROM api_token WHERE expires_at < ?"
                + " OR revoked_at < ? ORDER BY id LIMIT ?)", sql::unexpected, before, before, limit);
    }

    @Override
    public void touch(long id, Instant now) {
        sql.update("UPDATE api_token SET last_used_at = ? WHERE id = ?", sql::unexpected, now, id);
    }

    private ApiTokenRecord map(ResultSet rs) throws SQLException {
        return new ApiTokenRecord(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("type"), rs.getString("permissions"), rs.getString("token_hash"),
                sql.dialect.getInstant(rs, "created_at"), sql.dialect.getInstant(rs, "expires_at"),
                sql.dialect.getInstant(rs, "last_used_at"), sql.dialect.getInstant(rs, "revoked_at"));
    }
}
