-- Which deadline crossings (an order at risk, an order breached) this device has already told
-- its user about with a desktop notification, so none is repeated. Device bookkeeping: not
-- synced. Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE deadline_notices (
    order_id    TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('at_risk','breached')),
    noticed_at  TEXT NOT NULL,
    PRIMARY KEY (order_id, level)
) WITHOUT ROWID;
