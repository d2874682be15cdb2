-- SQLite's V8 keeps entry counts per type, locale and status in a table maintained by triggers. PostgreSQL does not:
-- one counter row per type would serialize concurrent creates on its row lock, and lists count through the listing
-- index instead. This version exists so that both databases share schema version numbers.
COMMENT ON TABLE entry IS 'Entries: one row per document, locale and status';
