-- Every committed change to admin users, their sessions, API tokens or roles notifies channel quire_access, whoever makes it: an
-- instance, a command-line tool or an operator's SQL. Instances listen, and keep resolved sessions in memory only while
-- they do (PostgresAccessWatch). NOTIFY is sent at commit, never for a rolled-back change, and PostgreSQL folds the
-- notices of one transaction into one. Sessions being created notify nothing: nothing can have cached them; nor
-- does recording a token's last use.
CREATE FUNCTION access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('quire_access', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON admin_session
    FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
CREATE TRIGGER access_changed AFTER UPDATE OR DELETE OR TRUNCATE ON admin_user
    FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
CREATE TRIGGER access_changed AFTER UPDATE OF name, type, permissions, token_hash, expires_at, revoked_at
    OR DELETE OR TRUNCATE ON api_token FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
CREATE TRIGGER access_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role
    FOR EACH STATEMENT EXECUTE FUNCTION access_changed();
