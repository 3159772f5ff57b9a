-- A password the administration gave (a new account made in the app or from a staff list, or
-- a password reset there) is temporary: until the person chooses their own, the server
-- answers nothing else of theirs. Accounts made before this, and those made on the server's
-- command line, keep theirs. Append-only: never edit this file once shipped.
ALTER TABLE users ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0;
