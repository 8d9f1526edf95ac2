-- Job postings with their full disclosure, and applications to them.

CREATE TABLE postings (
    id                        TEXT PRIMARY KEY,
    employer_id               TEXT NOT NULL REFERENCES organisations (id),
    sending_enterprise_id     TEXT REFERENCES organisations (id),
    supervising_org_id        TEXT REFERENCES organisations (id),
    status                    TEXT NOT NULL,
    programme                 TEXT NOT NULL,
    field                     TEXT NOT NULL,
    title_vi                  TEXT NOT NULL,
    title_ja                  TEXT NOT NULL,
    title_en                  TEXT NOT NULL,
    description_vi            TEXT NOT NULL,
    description_ja            TEXT NOT NULL,
    description_en            TEXT NOT NULL,
    prefecture                INTEGER NOT NULL,
    municipality              TEXT NOT NULL,
    contract_months           INTEGER NOT NULL,
    scheduled_hours_x100      INTEGER NOT NULL,
    monthly_wage_jpy          INTEGER NOT NULL,
    allowances_json           TEXT NOT NULL,
    overtime_premium_percent  INTEGER NOT NULL,
    bonus_json                TEXT NOT NULL,
    housing_provided          INTEGER NOT NULL,
    rent_jpy                  INTEGER NOT NULL,
    utilities_jpy             INTEGER NOT NULL,
    meals_json                TEXT NOT NULL,
    commuting_allowance_jpy   INTEGER NOT NULL,
    japanese_level            TEXT NOT NULL,
    skills_test               TEXT NOT NULL,
    start_date                TEXT NOT NULL,
    openings                  INTEGER NOT NULL,
    fees_json                 TEXT NOT NULL,
    -- Outcome of the legal checks when last saved: all passed, and the fee rules passed.
    checks_passed             INTEGER NOT NULL,
    fee_rules_passed          INTEGER NOT NULL,
    net_pay_jpy               INTEGER NOT NULL,
    upfront_cost_vnd          INTEGER NOT NULL,
    created_by                TEXT NOT NULL,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    published_at              INTEGER,
    closed_at                 INTEGER
);
CREATE INDEX postings_employer ON postings (employer_id, status);
CREATE INDEX postings_sending ON postings (sending_enterprise_id, status);
CREATE INDEX postings_supervising ON postings (supervising_org_id, status);
CREATE INDEX postings_published ON postings (status, published_at);

CREATE TABLE applications (
    id                  TEXT PRIMARY KEY,
    posting_id          TEXT NOT NULL REFERENCES postings (id),
    worker_id           TEXT NOT NULL REFERENCES users (id),
    via_organisation_id TEXT REFERENCES organisations (id),
    status              TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    UNIQUE (posting_id, worker_id)
);
CREATE INDEX applications_worker ON applications (worker_id, created_at);
CREATE INDEX applications_via ON applications (via_organisation_id, status);
