-- A status conflict keeps what clashed as data — the order's status on the server and the
-- move the device attempted — so each device words it in its person's language.
ALTER TABLE conflicts ADD COLUMN server_status TEXT;
ALTER TABLE conflicts ADD COLUMN attempted_from TEXT;
ALTER TABLE conflicts ADD COLUMN attempted_to TEXT;
