-- Entries per content type, locale and status, kept by a trigger in the transaction that changes them, so that a list
-- without filters reads its total instead of counting every row of the type. Each count is spread over 16 rows chosen
-- by the writing backend, which a count sums: one row per type would make concurrent creates of a type wait for each
-- other's commit on its row lock.
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

CREATE FUNCTION entry_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO entry_count (content_type_id, locale, status, shard, n)
        VALUES (OLD.content_type_id, OLD.locale, OLD.status, pg_backend_pid() % 16, -1)
        ON CONFLICT (content_type_id, locale, status, shard) DO UPDATE SET n = entry_count.n - 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO entry_count (content_type_id, locale, status, shard, n)
        VALUES (NEW.content_type_id, NEW.locale, NEW.status, pg_backend_pid() % 16, 1)
        ON CONFLICT (content_type_id, locale, status, shard) DO UPDATE SET n = entry_count.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_count_change AFTER INSERT OR DELETE OR UPDATE OF content_type_id, locale, status ON entry
    FOR EACH ROW EXECUTE FUNCTION entry_count_change();

-- a content type's counts go with it
CREATE FUNCTION entry_count_type_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM entry_count WHERE content_type_id = OLD.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER entry_count_type_delete AFTER DELETE ON content_type
    FOR EACH ROW EXECUTE FUNCTION entry_count_type_delete();
