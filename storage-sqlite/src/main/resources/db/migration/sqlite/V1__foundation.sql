-- Quire's fixed tables on SQLite. STRICT tables make SQLite check column types; instants are epoch milliseconds.

CREATE TABLE content_type (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uid            TEXT    NOT NULL UNIQUE,
    plural_name    TEXT    NOT NULL UNIQUE,
    kind           TEXT    NOT NULL CHECK (kind IN ('collectionType', 'singleType')),
    schema_json    TEXT    NOT NULL CHECK (json_valid(schema_json)),
    indexed_fields TEXT    NOT NULL DEFAULT '',
    version        INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

-- AUTOINCREMENT: an entry id is never reused after a delete, so ids seen by clients stay unambiguous.
CREATE TABLE entry (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    content_type_id INTEGER NOT NULL REFERENCES content_type (id) ON DELETE CASCADE,
    document_id     TEXT    NOT NULL,
    locale          TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    data            TEXT    NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object'),
    version         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    published_at    INTEGER,
    UNIQUE (content_type_id, document_id, locale, status)
) STRICT;

CREATE INDEX entry_listing ON entry (content_type_id, locale, status, id);

CREATE TABLE admin_user (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    firstname     TEXT,
    lastname      TEXT,
    role          TEXT    NOT NULL,
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE admin_session (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES admin_user (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE INDEX admin_session_expiry ON admin_session (expires_at);
CREATE INDEX admin_session_user ON admin_session (user_id);
