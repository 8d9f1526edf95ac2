-- The background-job queue: the platform's one mechanism for work that outlives a request
-- (register imports, and later offer expiry, notification delivery, escalations). A job is
-- written in the same transaction as the change that asks for it; any server instance claims
-- it (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: inside a write transaction) under a lease
-- (locked_until), so a killed worker's job is claimed again when the lease runs out.
-- state: queued, running, succeeded, failed. Times are microseconds since the epoch.
CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    state          TEXT NOT NULL,
    attempts       BIGINT NOT NULL DEFAULT 0,
    max_attempts   BIGINT NOT NULL,
    run_after      BIGINT NOT NULL,
    locked_until   BIGINT,
    locked_by      TEXT,
    progress_phase TEXT NOT NULL DEFAULT '',
    progress_done  BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT NOT NULL DEFAULT 0,
    -- The job's own resume point (JSON), written in the same transaction as the work it records.
    checkpoint     TEXT,
    result         TEXT,
    last_error     TEXT,
    created_by     TEXT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    finished_at    BIGINT
);
CREATE INDEX jobs_due ON jobs (state, run_after);
CREATE INDEX jobs_kind_created ON jobs (kind, created_at);

-- Large inputs of a job (an uploaded register), kept apart so listing jobs stays cheap.
CREATE TABLE job_blobs (
    job_id  TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    content BYTEA NOT NULL
);
