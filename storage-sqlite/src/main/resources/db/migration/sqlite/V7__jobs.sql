-- Job runs: one row per job and tick, whichever instance runs it; the unique key is what makes a tick run once.
CREATE TABLE job_run (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    job          TEXT    NOT NULL,
    scheduled_at INTEGER NOT NULL,
    trigger      TEXT    NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    instance     TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    attempt      INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    lease_until  INTEGER NOT NULL,
    finished_at  INTEGER,
    summary      TEXT,
    error        TEXT,
    UNIQUE (job, scheduled_at)
) STRICT;

CREATE INDEX job_run_history ON job_run (job, scheduled_at DESC);
CREATE INDEX job_run_running ON job_run (lease_until) WHERE status = 'running';
CREATE INDEX job_run_finished ON job_run (finished_at) WHERE status <> 'running';

-- When a document's draft is to be published, or its published version removed, per locale.
CREATE TABLE entry_schedule (
    content_type_id INTEGER NOT NULL,
    document_id     TEXT    NOT NULL,
    locale          TEXT    NOT NULL,
    publish_at      INTEGER,
    unpublish_at    INTEGER,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (content_type_id, document_id, locale),
    FOREIGN KEY (content_type_id, document_id) REFERENCES document (content_type_id, document_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX entry_schedule_publish ON entry_schedule (publish_at) WHERE publish_at IS NOT NULL;
CREATE INDEX entry_schedule_unpublish ON entry_schedule (unpublish_at) WHERE unpublish_at IS NOT NULL;
