-- Domain events, written in the same transaction as the entry change they describe (the webhook outbox's source).
CREATE TABLE domain_event (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    event       TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    document_id TEXT    NOT NULL,
    locale      TEXT    NOT NULL,
    entry       TEXT    NOT NULL CHECK (json_valid(entry)),
    created_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX domain_event_document ON domain_event (model, document_id);
