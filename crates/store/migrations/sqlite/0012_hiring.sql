-- The hiring process: every state change of an application on a dated timeline, the offer
-- with its disclosure and the snapshot the worker accepted, the signed contract's terms,
-- flags for regulators (possible contract substitution), and workers' consents.

CREATE TABLE application_events (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    state          TEXT NOT NULL,
    at             INTEGER NOT NULL,
    -- worker, employer, sending_enterprise or platform
    by_party       TEXT NOT NULL,
    by_user_id     TEXT REFERENCES users (id),
    reason         TEXT
);
CREATE INDEX application_events_application ON application_events (application_id, at);

-- Applications from before this migration: their submission (and withdrawal) on the timeline.
INSERT INTO application_events (id, application_id, state, at, by_party, by_user_id, reason)
    SELECT 'm0012s' || id, id, 'submitted', created_at, 'worker', worker_id, NULL FROM applications;
INSERT INTO application_events (id, application_id, state, at, by_party, by_user_id, reason)
    SELECT 'm0012w' || id, id, 'withdrawn', updated_at, 'worker', worker_id, NULL
    FROM applications WHERE status = 'withdrawn';

CREATE TABLE offers (
    application_id             TEXT PRIMARY KEY REFERENCES applications (id),
    terms_json                 TEXT NOT NULL,
    disclosure_json            TEXT NOT NULL,
    disclosure_sha256          TEXT NOT NULL,
    respond_by                 INTEGER,
    made_by                    TEXT NOT NULL REFERENCES users (id),
    created_at                 INTEGER NOT NULL,
    accepted_snapshot_json     TEXT,
    accepted_snapshot_sha256   TEXT,
    accepted_disclosure_sha256 TEXT,
    accepted_at                INTEGER,
    contract_json              TEXT,
    contract_at                INTEGER
);
CREATE INDEX offers_respond_by ON offers (respond_by);

CREATE TABLE application_flags (
    id             TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind           TEXT NOT NULL,
    detail_json    TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX application_flags_application ON application_flags (application_id);
CREATE INDEX application_flags_kind ON application_flags (kind, created_at);

-- What a worker lets an organisation see: given by applying (through the application) or
-- explicitly; withdrawn_at ends it.
CREATE TABLE consents (
    id              TEXT PRIMARY KEY,
    worker_id       TEXT NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    application_id  TEXT REFERENCES applications (id),
    granted_at      INTEGER NOT NULL,
    withdrawn_at    INTEGER
);
CREATE INDEX consents_worker ON consents (worker_id, organisation_id);
INSERT INTO consents (id, worker_id, organisation_id, application_id, granted_at, withdrawn_at)
    SELECT 'm0012e' || a.id, a.worker_id, p.employer_id, a.id, a.created_at, NULL
    FROM applications a JOIN postings p ON p.id = a.posting_id;
INSERT INTO consents (id, worker_id, organisation_id, application_id, granted_at, withdrawn_at)
    SELECT 'm0012v' || id, worker_id, via_organisation_id, id, created_at, NULL
    FROM applications WHERE via_organisation_id IS NOT NULL;
