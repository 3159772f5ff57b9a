-- Campo server, version 1: accounts, device sessions, the operation log (server order is
-- the truth), receipts for idempotent pushes, quarantine, conflicts, and the projections the
-- merge rules check against. Append-only: never edit once shipped.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('technician','coordinator','sva_manager','backoffice','seller','stock_keeper','admin')),
    password_hash   TEXT NOT NULL,
    disabled_at     TEXT,
    created_at      TEXT NOT NULL
);

-- Device-bound bearer tokens; only their SHA-256 is kept.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    device_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE devices (
    device_id       TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    app_version     TEXT,
    clock_skew_ms   INTEGER NOT NULL DEFAULT 0,
    last_seen_at    TEXT NOT NULL
);

-- The log: every applied operation, in server order. Devices pull it by server_seq.
CREATE TABLE ops (
    server_seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id           TEXT NOT NULL UNIQUE,
    device_id       TEXT NOT NULL,
    device_seq      INTEGER NOT NULL,
    hlc             TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    schema_version  INTEGER NOT NULL,
    received_at     TEXT NOT NULL,
    -- Who may pull it: NULL everyone; 'office' the office roles; 'order:<technician>' the
    -- office and that technician; 'only:<technician>' that technician alone (scope changes).
    audience        TEXT
);
CREATE INDEX ops_entity ON ops(entity, entity_id);
CREATE INDEX ops_audience ON ops(audience, server_seq);

-- What became of every pushed operation, so a re-sent one gets the same answer.
CREATE TABLE receipts (
    op_id       TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL,
    device_seq  INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('applied','conflict','rejected','quarantined')),
    server_seq  INTEGER,
    code        TEXT,
    detail      TEXT,
    received_at TEXT NOT NULL
);
CREATE INDEX receipts_device ON receipts(device_id, device_seq);

-- Operations of a schema this server cannot apply yet: kept, never dropped.
CREATE TABLE quarantine (
    op_id       TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL,
    body        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    op_id       TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    message     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT
);

-- Projections the merge rules check against.
CREATE TABLE known (
    entity  TEXT NOT NULL,
    id      TEXT NOT NULL,
    role    TEXT,
    PRIMARY KEY (entity, id)
);
CREATE TABLE orders (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    technician_id   TEXT,
    -- The last technician it was scheduled for, kept when it leaves the agenda: their
    -- offline field moves on it are conflicts to resolve, not intrusions.
    last_technician_id TEXT,
    scheduled_date  TEXT,
    period          TEXT
);
