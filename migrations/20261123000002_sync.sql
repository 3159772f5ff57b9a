-- Sync state: what the server said of each pushed operation, the pull cursor, and which
-- server changes were applied here (applying a page twice changes nothing).
ALTER TABLE outbox ADD COLUMN push_outcome TEXT
    CHECK (push_outcome IS NULL OR push_outcome IN ('applied','duplicate','conflict','rejected','quarantined'));
ALTER TABLE outbox ADD COLUMN push_note TEXT;

CREATE TABLE sync_state (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    cursor          INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
    last_sync_at    TEXT
);
INSERT INTO sync_state (singleton) VALUES (1);

CREATE TABLE applied_remote (
    op_id       TEXT PRIMARY KEY,
    server_seq  INTEGER NOT NULL
);

-- Conflicts the server reported for orders (a concurrent edit it could not merge).
CREATE TABLE order_conflicts (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL,
    message     TEXT NOT NULL,
    server_status TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);

-- The server this device syncs with, once it joined one (a device without it works alone,
-- e.g. with the demo provider). The token is device-bound and revocable on the server.
CREATE TABLE sync_config (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    server_url  TEXT NOT NULL,
    token       TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    role        TEXT NOT NULL,
    joined_at   TEXT NOT NULL
);
