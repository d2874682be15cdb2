-- Entries per content type, locale and status, kept by triggers in the transaction that changes them, so that a list
-- without filters reads its total instead of counting every row of the type. Each count is spread over 16 rows chosen
-- by the writing backend, which a count sums: one row per type would make concurrent creates of a type wait for each
-- other's commit on its row lock. The triggers run once per statement, over its transition table, so that a statement
-- that inserts or deletes many entries updates each counter row once. A bulk load that inserts row by row in one
-- transaction (an archive import) turns them off with SET LOCAL quire.entry_counts = 'off' and recounts at its end:
-- thousands of updates of one row inside one transaction make PostgreSQL walk ever longer version chains.
CREATE TABLE entry_count (
    content_type_id BIGINT   NOT NULL,
    locale          TEXT     NOT NULL,
    status          TEXT     NOT NULL,
    shard           SMALLINT NOT NULL,
    n               BIGINT   NOT NULL,
    PRIMARY KEY (content_type_id, locale, status, shard)
);

INSERT INTO entry_count (content_type_id, locale, status, shard, n)
SELECT content_type_id, locale, status, 0, COUNT(*) FROM entry GROUP BY content_type_id, locale, status;

-- both statement triggers name their transition table "changed": the inserted rows, or the deleted ones
CREATE FUNCTION entry_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('quire.entry_counts', true) IS DISTINCT FROM 'off' THEN
        INSERT INTO entry_count (content_type_id, locale, status, shard, n)
        SELECT content_type_id, locale, status, pg_backend_pid() % 16,
               CASE WHEN TG_OP = 'INSERT' THEN COUNT(*) ELSE -COUNT(*) END
        FROM changed GROUP BY content_type_id, locale, status ORDER BY content_type_id, locale, status
        ON CONFLICT (content_type_id, locale, status, shard) DO UPDATE SET n = entry_count.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_count_inserted AFTER INSERT ON entry REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION entry_count_changed();
CREATE TRIGGER entry_count_deleted AFTER DELETE ON entry REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION entry_count_changed();

-- Quire never changes an entry's type, locale or status (publishing inserts the published row); should anything else,
-- the counts follow row by row.
CREATE FUNCTION entry_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('quire.entry_counts', true) IS DISTINCT FROM 'off' THEN
        INSERT INTO entry_count (content_type_id, locale, status, shard, n)
        VALUES (OLD.content_type_id, OLD.locale, OLD.status, pg_backend_pid() % 16, -1)
        ON CONFLICT (content_type_id, locale, status, shard) DO UPDATE SET n = entry_count.n - 1;
        INSERT INTO entry_count (content_type_id, locale, status, shard, n)
        VALUES (NEW.content_type_id, NEW.locale, NEW.status, pg_backend_pid() % 16, 1)
        ON CONFLICT (content_type_id, locale, status, shard) DO UPDATE SET n = entry_count.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_count_moved AFTER UPDATE OF content_type_id, locale, status ON entry
    FOR EACH ROW EXECUTE FUNCTION entry_count_moved();

-- a content type's counts go with it
CREATE FUNCTION entry_count_type_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entry_count WHERE content_type_id = OLD.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_count_type_deleted AFTER DELETE ON content_type
    FOR EACH ROW EXECUTE FUNCTION entry_count_type_deleted();
