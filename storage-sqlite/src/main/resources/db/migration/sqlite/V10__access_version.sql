-- A counter that every committed change to admin users, their sessions, API tokens or roles moves, whoever makes it:
-- this Quire, a command-line tool or an operator's sqlite3. Quire polls it (SqliteAccessWatch) and keeps resolved
-- sessions in memory only while it does, as PostgreSQL's instances do with V9's notices. A rolled-back change moves
-- nothing. Sessions being created move nothing: nothing can have cached them; nor does recording a token's last use.
CREATE TABLE access_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO access_version (id, version) VALUES (1, 0);

CREATE TRIGGER access_changed_session_update AFTER UPDATE ON admin_session
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_session_delete AFTER DELETE ON admin_session
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_user_update AFTER UPDATE ON admin_user
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_user_delete AFTER DELETE ON admin_user
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_token_update
    AFTER UPDATE OF name, type, permissions, token_hash, expires_at, revoked_at ON api_token
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_token_delete AFTER DELETE ON api_token
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_role_insert AFTER INSERT ON role
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_role_update AFTER UPDATE ON role
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_changed_role_delete AFTER DELETE ON role
BEGIN UPDATE access_version SET version = version + 1; END;
