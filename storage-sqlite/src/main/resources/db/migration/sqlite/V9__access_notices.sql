-- PostgreSQL's V9 adds triggers that notify other instances of changes to users, sessions and roles. A SQLite file has
-- no such notices, so nothing about them is kept in memory and this version changes nothing; it exists so that both
-- kinds of database report the same schema version to archive imports.
SELECT 1;
