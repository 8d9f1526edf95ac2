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
    prefecture                BIGINT NOT NULL,
    municipality              TEXT NOT NULL,
    contract_months           BIGINT NOT NULL,
    scheduled_hours_x100      BIGINT NOT NULL,
    monthly_wage_jpy          BIGINT NOT NULL,
    allowances_json           TEXT NOT NULL,
    overtime_premium_percent  BIGINT NOT NULL,
    bonus_json                TEXT NOT NULL,
    housing_provided          BIGINT NOT NULL,
    rent_jpy                  BIGINT NOT NULL,
    utilities_jpy             BIGINT NOT NULL,
    meals_json                TEXT NOT NULL,
    commuting_allowance_jpy   BIGINT NOT NULL,
    japanese_level            TEXT NOT NULL,
    skills_test               TEXT NOT NULL,
    start_date                TEXT NOT NULL,
    openings                  BIGINT NOT NULL,
    fees_json                 TEXT NOT NULL,
    -- Outcome of the legal checks when last saved: all passed, and the fee rules passed.
    checks_passed             BIGINT NOT NULL,
    fee_rules_passed          BIGINT NOT NULL,
    net_pay_jpy               BIGINT NOT NULL,
    upfront_cost_vnd          BIGINT NOT NULL,
    created_by                TEXT NOT NULL,
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL,
    published_at              BIGINT,
    closed_at                 BIGINT
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
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (posting_id, worker_id)
);
CREATE INDEX applications_worker ON applications (worker_id, created_at);
CREATE INDEX applications_via ON applications (via_organisation_id, status);
