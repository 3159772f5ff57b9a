-- Technicians' absences (férias, atestado, treinamento …): whole days, both ends included.
-- The board shows them and refuses visits on them; route planning leaves the technician out.
-- A removed absence keeps its row. Append-only: never edit this file once shipped; add a new
-- migration instead.
CREATE TABLE technician_absences (
    id            TEXT PRIMARY KEY,
    technician_id TEXT NOT NULL,
    from_date     TEXT NOT NULL,
    to_date       TEXT NOT NULL CHECK (to_date >= from_date),
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL,
    removed       INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0,1))
);
CREATE INDEX technician_absences_days ON technician_absences(to_date, from_date);
