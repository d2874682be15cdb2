-- Webhooks: endpoints, the outbox of their deliveries (written in the same transaction as the domain event that
-- causes them) and every attempt made.
CREATE TABLE webhook (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT    NOT NULL UNIQUE,
    url                   TEXT    NOT NULL,
    events                TEXT    NOT NULL CHECK (json_valid(events)),
    content_types         TEXT    CHECK (content_types IS NULL OR json_valid(content_types)),
    headers               TEXT    NOT NULL CHECK (json_valid(headers)),
    enabled               INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason       TEXT,
    secret                TEXT    NOT NULL,
    previous_secret       TEXT,
    previous_secret_until INTEGER,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE webhook_delivery (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      INTEGER NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL REFERENCES domain_event (id),
    message_id      TEXT    NOT NULL UNIQUE,
    order_key       TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_token     TEXT,
    lease_until     INTEGER,
    redelivery_of   INTEGER,
    created_at      INTEGER NOT NULL,
    completed_at    INTEGER
) STRICT;

CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_order ON webhook_delivery (webhook_id, order_key, id) WHERE status = 'pending';
CREATE INDEX webhook_delivery_log ON webhook_delivery (webhook_id, id);
CREATE INDEX webhook_delivery_event ON webhook_delivery (event_id);
CREATE INDEX webhook_delivery_completed ON webhook_delivery (completed_at) WHERE status <> 'pending';

CREATE TABLE webhook_attempt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  INTEGER NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at INTEGER NOT NULL,
    http_status  INTEGER,
    latency_ms   INTEGER NOT NULL,
    response     TEXT,
    error        TEXT,
    instance     TEXT    NOT NULL
) STRICT;

CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, id);
CREATE INDEX domain_event_created ON domain_event (created_at);
