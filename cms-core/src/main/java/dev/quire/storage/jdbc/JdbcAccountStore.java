package dev.quire.storage.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.quire.storage.spi.AccountStore;
import dev.quire.storage.spi.AdminUserRecord;
import dev.quire.storage.spi.NewAdminUser;
import dev.quire.storage.spi.NotFound;

final class JdbcAccountStore implements AccountStore {

    private static final String USER_COLUMNS = "u.id, u.email, u.password_hash, u.firstname, u.lastname, u.role,"
            + " u.active, u.created_at, u.updated_at";

    private final Sql sql;

    JdbcAccountStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<AdminUserRecord> findUserByEmail(String email) {
        return sql.queryOne("SELECT " + USER_COLUMNS + " FROM admin_user u WHERE u.email = ?", this::map,
                normalize(email));
    }

    @Override
    public Optional<AdminUserRecord> findUser(long id) {
        return sql.queryOne("SELECT " + USER_COLUMNS + " FROM admin_user u WHERE u.id = ?", this::map, id);
    }

    @Override
    public List<AdminUserRecord> listUsers() {
        return sql.query("SELECT " + USER_COLUMNS + " FROM admin_user u ORDER BY u.id", this::map);
    }

    @Override
    public AdminUserRecord updateUser(long id, String firstname, String lastname, String role, boolean active,
            String passwordHash, Instant now) {
        sql.accessChanged();
        int updated = passwordHash == null
                ? sql.update("UPDATE admin_user SET firstname = ?, lastname = ?, role = ?, active = ?, updated_at = ?"
                        + " WHERE id = ?", sql::unexpected, firstname, lastname, role, active, now, id)
                : sql.update("UPDATE admin_user SET firstname = ?, lastname = ?, role = ?, active = ?, updated_at = ?,"
                        + " password_hash = ? WHERE id = ?", sql::unexpected, firstname, lastname, role, active, now,
                        passwordHash, id);
        if (updated == 0) {
            throw new NotFound("user", id);
        }
        if (!active || passwordHash != null) {
            sql.update("DELETE FROM admin_session WHERE user_id = ?", sql::unexpected, id);
        }
        return findUser(id).orElseThrow(() -> new NotFound("user", id));
    }

    @Override
    public boolean deleteUser(long id) {
        sql.accessChanged();
        return sql.update("DELETE FROM admin_user WHERE id = ?", sql::unexpected, id) > 0;
    }

    @Override
    public long countActiveUsersWithRole(String role) {
        return sql.queryLong("SELECT COUNT(*) FROM admin_user WHERE role = ? AND active = ?", role, true);
    }

    @Override
    public long countUsers() {
        return sql.queryLong("SELECT COUNT(*) FROM admin_user");
    }

    @Override
    public AdminUserRecord createUser(NewAdminUser user) {
        String email = normalize(user.email());
        long id = sql.insertReturningId("INSERT INTO admin_user (email, password_hash, firstname, lastname, role,"
                + " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                sql.nameTaken(email),
                email, user.passwordHash(), user.firstname(), user.lastname(), user.role(), true, user.now(),
                user.now());
        return new AdminUserRecord(id, email, user.passwordHash(), user.firstname(), user.lastname(), user.role(),
                true, user.now(), user.now());
    }

    @Override
    public void createSession(String tokenHash, long userId, Instant createdAt, Instant expiresAt) {
        sql.update("INSERT INTO admin_session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                sql::unexpected, tokenHash, userId, createdAt, expiresAt);
    }

    @Override
    public Optional<SessionUser> findSessionUser(String tokenHash, Instant now) {
        return sql.queryOne("SELECT " + USER_COLUMNS + ", s.expires_at FROM admin_session s JOIN admin_user u"
                + " ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = ?",
                rs -> new SessionUser(map(rs), sql.dialect.getInstant(rs, "expires_at")), tokenHash, now, true);
    }

    @Override
    public int deleteSessionsExpiredBefore(Instant before, int limit) {
        return sql.update("DELETE FROM admin_session WHERE token_hash IN (SELECT token_hash FROM admin_session"
                + " WHERE expires_at < ? ORDER BY expires_at LIMIT ?)", sql::unexpected, before, limit);
    }

    @Override
    public boolean deleteSession(String tokenHash) {
        sql.accessChanged();
        return sql.update("DELETE FROM admin_session WHERE token_hash = ?", sql::unexpected, tokenHash) > 0;
    }

    private static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private AdminUserRecord map(ResultSet rs) throws SQLException {
        return new AdminUserRecord(rs.getLong("id"), rs.getString("email"), rs.getString("password_hash"),
                rs.getString("firstname"), rs.getString("lastname"), rs.getString("role"), rs.getBoolean("active"),
                sql.dialect.getInstant(rs, "created_at"), sql.dialect.getInstant(rs, "updated_at"));
    }
}
