-- SQLite's V10 adds a counter of changes to users, sessions, API tokens and roles, which its instances poll. PostgreSQL's
-- instances hear of those changes through V9's notices, so this version changes nothing; it exists so that both kinds
-- of database report the same schema version to archive imports.
SELECT 1;
