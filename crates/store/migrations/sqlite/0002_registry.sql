-- Registry: licences, inspections, violations, sanctions; the look-up index; what the
-- enforcement sweep last saw; outcomes of hotline cases against organisations.

CREATE TABLE licences (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    number           TEXT NOT NULL UNIQUE,
    issuer           TEXT NOT NULL DEFAULT '',
    issued_on        TEXT NOT NULL,
    ends_on          TEXT,
    scope_programmes TEXT NOT NULL DEFAULT '',
    scope_countries  TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX licences_organisation ON licences (organisation_id, issued_on);

CREATE TABLE inspections (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    inspected_on    TEXT NOT NULL,
    authority       TEXT NOT NULL,
    findings        TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX inspections_organisation ON inspections (organisation_id, inspected_on);

CREATE TABLE violations (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    inspection_id   TEXT REFERENCES inspections (id),
    kind            TEXT NOT NULL,
    found_on        TEXT NOT NULL,
    description     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX violations_organisation ON violations (organisation_id, found_on);

CREATE TABLE sanctions (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    violation_id    TEXT REFERENCES violations (id),
    kind            TEXT NOT NULL,
    fine_vnd        INTEGER,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT,
    decision_number TEXT NOT NULL DEFAULT '',
    legal_basis     TEXT NOT NULL DEFAULT '',
    appeal_status   TEXT NOT NULL DEFAULT 'none',
    recorded_by     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX sanctions_organisation ON sanctions (organisation_id, starts_on);
CREATE INDEX sanctions_in_force ON sanctions (kind, starts_on);

-- Folded words (and CJK bigrams) of names, codes and licence numbers, for the look-up.
CREATE TABLE organisation_terms (
    term            TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (term, organisation_id)
);
CREATE INDEX organisation_terms_organisation ON organisation_terms (organisation_id);

-- Good standing as last seen by the enforcement sweep, to notice changes.
CREATE TABLE standing_seen (
    organisation_id  TEXT PRIMARY KEY REFERENCES organisations (id),
    in_good_standing INTEGER NOT NULL,
    status           TEXT NOT NULL,
    seen_on          TEXT NOT NULL
);

-- A hotline case's finding against an organisation; only counts reach the public record.
CREATE TABLE grievance_findings (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    substantiated   INTEGER NOT NULL,
    decided_on      TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX grievance_findings_organisation ON grievance_findings (organisation_id);
