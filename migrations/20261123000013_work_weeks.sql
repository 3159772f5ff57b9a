-- The weekdays each technician works, set by the coordinator: seven 0/1 flags, Monday first. A
-- technician without a row works Monday to Saturday (the business calendar's week). The board
-- shows the other days as off duty and takes no order there; route planning leaves the
-- technician out on them. Append-only: never edit this file once shipped; add a new migration
-- instead.
CREATE TABLE technician_weeks (
    technician_id TEXT PRIMARY KEY,
    days          TEXT NOT NULL CHECK (length(days) = 7 AND days GLOB '[01][01][01][01][01][01][01]'),
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL
) WITHOUT ROWID;
