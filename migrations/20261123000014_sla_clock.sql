-- Deadline rules say which event starts the clock (`opening`, `approval`, `scheduling`; NULL:
-- the kind's default) and which order statuses stop it (a JSON list of status codes; NULL: none).
-- Append-only: never edit this file once shipped; add a new migration instead.
ALTER TABLE sla_rules ADD COLUMN starts TEXT;
ALTER TABLE sla_rules ADD COLUMN pausing TEXT;
