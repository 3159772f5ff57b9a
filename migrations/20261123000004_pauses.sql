-- Deadline pauses: an order's SLA clock suspended while waiting on the customer or a third
-- party, with the reason, and resumed later. Pauses only ever push a deadline later.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE order_pauses (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES work_orders(id),
    started_at  TEXT NOT NULL,
    started_by  TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    ended_at    TEXT,
    ended_by    TEXT,
    resume_note TEXT
);
CREATE INDEX order_pauses_order ON order_pauses(order_id, started_at);
-- At most one open pause per order.
CREATE UNIQUE INDEX order_pauses_open ON order_pauses(order_id) WHERE ended_at IS NULL;
