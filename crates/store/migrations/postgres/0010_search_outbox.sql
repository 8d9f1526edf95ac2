-- Changes that can affect job search, written in the same transaction as the change (with the audit record, whose
-- sequence number it shares: audit appends are serialised, so this order is the commit order). Every server instance
-- reads the rows after the last one it applied and updates its own in-memory index.
CREATE TABLE search_outbox (
    seq          BIGINT PRIMARY KEY,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
