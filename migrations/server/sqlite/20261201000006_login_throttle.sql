-- Failed sign-ins per key (login + address, address, login; hashed), shared by every instance:
-- how many in the last quiet hour and when the next attempt is taken (exponential back-off).
CREATE TABLE login_throttle (
    key         TEXT PRIMARY KEY,
    failures    INTEGER NOT NULL,
    last_at     TEXT NOT NULL,
    next_at     TEXT
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);
