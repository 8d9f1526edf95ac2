-- Bank rates for the yen imported by regulators and admins (`kakehashi rates import`, the rates page). Rates are
-- hundredths of a dong per unit of the currency (for the yen: dong per 100 yen). The rates shipped with the rules
-- back these: an imported rate replaces a shipped one of the same date.
CREATE TABLE exchange_rates (
    id            TEXT PRIMARY KEY,
    currency      TEXT NOT NULL,
    rate_date     TEXT NOT NULL,
    buying        BIGINT NOT NULL,
    transfer      BIGINT,
    selling       BIGINT NOT NULL,
    verification  TEXT NOT NULL,
    source        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (currency, rate_date)
);
