-- A document is what a relation points at: it exists while any locale or version of it does, and deleting it
-- deletes every link to it, so no link ever points at a missing entry.
CREATE TABLE document (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    content_type_id INTEGER NOT NULL REFERENCES content_type (id) ON DELETE CASCADE,
    document_id     TEXT    NOT NULL,
    UNIQUE (content_type_id, document_id)
) STRICT;

INSERT INTO document (content_type_id, document_id) SELECT DISTINCT content_type_id, document_id FROM entry;

-- Links belong to one entry row (a draft's links reach the published version when it is published).
CREATE TABLE entry_link (
    entry_id  INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    field     TEXT    NOT NULL,
    target_id INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (entry_id, field, target_id)
) STRICT;

CREATE INDEX entry_link_target ON entry_link (target_id, field);
