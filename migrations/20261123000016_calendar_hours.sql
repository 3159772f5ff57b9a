-- The business calendar's working hours per weekday set in Administração (JSON of
-- `WeekHours`: minutes of the day per weekday, Monday first, null for a day not worked). No
-- row: Monday to Friday 08–18, Saturday 08–12. Deadlines in business time and the agenda's
-- open days follow them, so a change marks every kept deadline milestone for recomputation.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE calendar_hours (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    hours   TEXT NOT NULL CHECK (json_valid(hours)),
    set_at  TEXT NOT NULL,
    set_by  TEXT NOT NULL
);
CREATE TRIGGER calendar_hours_new AFTER INSERT ON calendar_hours BEGIN
    UPDATE order_deadlines SET year = 0;
END;
CREATE TRIGGER calendar_hours_change AFTER UPDATE ON calendar_hours BEGIN
    UPDATE order_deadlines SET year = 0;
END;
