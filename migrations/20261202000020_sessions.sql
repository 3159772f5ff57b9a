-- Signing in again on this device: the login the person used (so the sign-in dialog can
-- show it), and when they signed out (the token is then empty and nothing syncs until
-- someone signs in again; what waits to be sent stays in the outbox).
ALTER TABLE sync_config ADD COLUMN login TEXT;
ALTER TABLE sync_config ADD COLUMN signed_out_at TEXT;
