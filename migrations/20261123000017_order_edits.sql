-- Visit details edited after an order is opened (contact phone for the visit, notes for the
-- technician), each a last-writer-wins register with the revision the server gave it, and
-- the notices people get when their change did not survive a concurrent one.
ALTER TABLE work_orders ADD COLUMN contact_phone TEXT;
ALTER TABLE work_orders ADD COLUMN notes TEXT;

-- The revision (server sequence) of each field's value as this device last heard it from the
-- server; an edit made here carries it as its base. No row: never edited (base 0).
CREATE TABLE order_field_revs (
    order_id    TEXT NOT NULL,
    field       TEXT NOT NULL CHECK (field IN ('contact_phone', 'notes')),
    rev         INTEGER NOT NULL,
    PRIMARY KEY (order_id, field)
);

-- "Your change was overridden by …": shown on the order to the person concerned.
CREATE TABLE order_notices (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL,
    message     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX order_notices_order ON order_notices(order_id, created_at);
