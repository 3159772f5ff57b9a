-- Deadline (SLA) rules edited in the app, one per order kind; a kind without a row uses the
-- default drawn from the consumer rules. Append-only: never edit this file once shipped; add
-- a new migration instead.
CREATE TABLE sla_rules (
    kind        TEXT PRIMARY KEY CHECK (kind IN ('installation','repair','removal','address_change')),
    unit        TEXT NOT NULL CHECK (unit IN ('business_hours','business_days','calendar_hours','calendar_days')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    thresholds  TEXT NOT NULL CHECK (json_valid(thresholds)),
    set_at      TEXT NOT NULL,
    set_by      TEXT NOT NULL
) WITHOUT ROWID;
