package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.quire.storage.spi.NotFound;
import dev.quire.storage.spi.RoleStore;

final class JdbcRoleStore implements RoleStore {

    private final Sql sql;
    private final String columns;

    JdbcRoleStore(Sql sql) {
        this.sql = sql;
        this.columns = "id, name, description, " + sql.dialect.jsonText("permissions")
                + " AS permissions, built_in, created_at, updated_at";
    }

    @Override
    public List<RoleRecord> list() {
        return sql.query("SELECT " + columns + " FROM role ORDER BY name", this::map);
    }

    @Override
    public Optional<RoleRecord> find(String name) {
        return sql.queryOne("SELECT " + columns + " FROM role WHERE name = ?", this::map, name);
    }

    @Override
    public RoleRecord create(String name, String description, String permissionsJson, boolean builtIn, Instant now) {
        sql.accessChanged();
        long id = sql.insertReturningId("INSERT INTO role (name, description, permissions, built_in, created_at,"
                + " updated_at) VALUES (?, ?, " + sql.dialect.jsonParameter() + ", ?, ?, ?) RETURNING id",
                sql.nameTaken(name),
                name, description, permissionsJson, builtIn, now, now);
        return new RoleRecord(id, name, description, permissionsJson, builtIn, now, now);
    }

    @Override
    public RoleRecord update(String name, String description, String permissionsJson, Instant now) {
        sql.accessChanged();
        int updated = sql.update("UPDATE role SET description = ?, permissions = " + sql.dialect.jsonParameter()
                + ", updated_at = ? WHERE name = ?", sql::unexpected, description, permissionsJson, now, name);
        if (updated == 0) {
            throw new NotFound("role", name);
        }
        return find(name).orElseThrow(() -> new NotFound("role", name));
    }

    @Override
    public boolean delete(String name) {
        sql.accessChanged();
        return sql.update("DELETE FROM role WHERE name = ?", sql::unexpected, name) > 0;
    }

    private RoleRecord map(ResultSet rs) throws SQLException {
        return new RoleRecord(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                rs.getString("permissions"), rs.getBoolean("built_in"), sql.dialect.getInstant(rs, "created_at"),
                sql.dialect.getInstant(rs, "updated_at"));
    }
}
