-- Idempotency keys: a creating POST retried with the same Idempotency-Key (per caller) answers
-- the first answer for 24 hours instead of creating a second thing. Rows expire and are purged.

CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    locked_until INTEGER NOT NULL,
    committed    INTEGER NOT NULL DEFAULT 0,
    status       INTEGER,
    content_type TEXT,
    body         TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
