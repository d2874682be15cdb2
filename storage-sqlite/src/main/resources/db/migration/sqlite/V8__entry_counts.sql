-- Entries per content type, locale and status, kept by triggers in the transaction that changes them, so that a list
-- without filters reads its total instead of counting every row of the type (a page of a 100,000-entry type used to
-- cost a scan of 100,000 index entries). Only SQLite keeps this: its writes are serialized anyway, while on PostgreSQL
-- one counter row per type would serialize concurrent creates on its row lock.
CREATE TABLE entry_count (
    content_type_id INTEGER NOT NULL,
    locale          TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    n               INTEGER NOT NULL,
    PRIMARY KEY (content_type_id, locale, status)
) STRICT, WITHOUT ROWID;

INSERT INTO entry_count (content_type_id, locale, status, n)
SELECT content_type_id, locale, status, COUNT(*) FROM entry GROUP BY content_type_id, locale, status;

CREATE TRIGGER entry_count_insert AFTER INSERT ON entry
BEGIN
    INSERT INTO entry_count (content_type_id, locale, status, n) VALUES (NEW.content_type_id, NEW.locale, NEW.status, 1)
    ON CONFLICT (content_type_id, locale, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER entry_count_delete AFTER DELETE ON entry
BEGIN
    UPDATE entry_count SET n = n - 1
    WHERE content_type_id = OLD.content_type_id AND locale = OLD.locale AND status = OLD.status;
END;

CREATE TRIGGER entry_count_update AFTER UPDATE OF content_type_id, locale, status ON entry
BEGIN
    UPDATE entry_count SET n = n - 1
    WHERE content_type_id = OLD.content_type_id AND locale = OLD.locale AND status = OLD.status;
    INSERT INTO entry_count (content_type_id, locale, status, n) VALUES (NEW.content_type_id, NEW.locale, NEW.status, 1)
    ON CONFLICT (content_type_id, locale, status) DO UPDATE SET n = n + 1;
END;

-- a content type's counts go with it
CREATE TRIGGER entry_count_type_delete AFTER DELETE ON content_type
BEGIN
    DELETE FROM entry_count WHERE content_type_id = OLD.id;
END;
