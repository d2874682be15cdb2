-- Roles: a name and permissions (actions per content type, admin areas) as a JSON document.
CREATE TABLE role (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    permissions TEXT    NOT NULL CHECK (json_valid(permissions)),
    built_in    INTEGER NOT NULL CHECK (built_in IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- API tokens for the content API; only the SHA-256 of the secret is kept.
CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL UNIQUE,
    description  TEXT    NOT NULL DEFAULT '',
    type         TEXT    NOT NULL CHECK (type IN ('read-only', 'full-access', 'custom')),
    permissions  TEXT    NOT NULL CHECK (json_valid(permissions)),
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;
