-- Days off added in the calendar editor (state, municipal or the company's own), on top of the
-- national holidays and the provider's state and city holidays Campo computes. One row per
-- day; `removed` = 1 when taken back. A change moves deadlines, so every kept deadline
-- milestone is marked for recomputation. Append-only: never edit this file once shipped; add a
-- new migration instead.
CREATE TABLE calendar_days (
    date     TEXT PRIMARY KEY,
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
    layer    TEXT NOT NULL CHECK (layer IN ('state','municipal','company')),
    removed  INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    set_at   TEXT NOT NULL,
    set_by   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER calendar_days_new AFTER INSERT ON calendar_days BEGIN
    UPDATE order_deadlines SET year = 0;
END;
CREATE TRIGGER calendar_days_change AFTER UPDATE ON calendar_days BEGIN
    UPDATE order_deadlines SET year = 0;
END;
