-- Who did what, when, from where, with what outcome. Successful changes are appended in their own transaction.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor_kind  TEXT    NOT NULL,
    actor_id    INTEGER NOT NULL,
    actor_label TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target      TEXT,
    address     TEXT,
    outcome     TEXT    NOT NULL CHECK (outcome IN ('success', 'denied', 'failure'))
) STRICT;

CREATE INDEX audit_log_at ON audit_log (at);

-- Instance-wide secrets and settings Quire generates itself (the token signing key in dev and test).
CREATE TABLE setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
