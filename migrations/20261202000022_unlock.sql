-- Unlocking offline: a verifier of the person's password (Argon2id, as a PHC string; never
-- the password itself) and the failed unlocks since the last success (after too many, only
-- a sign-in on the server opens this person's data).
ALTER TABLE sync_config ADD COLUMN verifier TEXT;
ALTER TABLE sync_config ADD COLUMN unlock_failures INTEGER NOT NULL DEFAULT 0;
