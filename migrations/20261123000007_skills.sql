-- Technicians' skills (fusão de fibra, IPTV …), set by the coordinator; the route planner
-- only gives a visit to a technician with every skill it needs. A technician without a row
-- has never been configured and is taken to have every skill (so a new install plans as
-- before). Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE technician_skills (
    technician_id TEXT PRIMARY KEY,
    skills        TEXT NOT NULL CHECK (json_valid(skills)),
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL
) WITHOUT ROWID;
