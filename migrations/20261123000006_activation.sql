-- Activation checklists (IPTV and other value-added services): versioned templates, one
-- checklist per attempt at activating an order, and every tick kept (the current answer of an
-- item is its latest by hybrid logical clock). Append-only: never edit this file once
-- shipped; add a new migration instead.
CREATE TABLE activation_templates (
    id          TEXT PRIMARY KEY,
    service     TEXT NOT NULL CHECK (length(trim(service)) > 0),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    version     INTEGER NOT NULL CHECK (version >= 1),
    items       TEXT NOT NULL CHECK (json_valid(items)),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (service, version)
);

CREATE TABLE activations (
    id              TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES work_orders(id),
    template_id     TEXT NOT NULL REFERENCES activation_templates(id),
    attempt         INTEGER NOT NULL CHECK (attempt >= 1),
    status          TEXT NOT NULL CHECK (status IN ('open','passed','failed')),
    started_at      TEXT NOT NULL,
    started_by      TEXT NOT NULL,
    closed_at       TEXT,
    closed_by       TEXT,
    close_reason    TEXT,
    follow_up       TEXT CHECK (follow_up IS NULL OR follow_up IN ('repair','reconfigure')),
    repair_order_id TEXT,
    UNIQUE (order_id, attempt)
);
CREATE INDEX activations_order ON activations(order_id, attempt);

CREATE TABLE activation_ticks (
    id              TEXT PRIMARY KEY,
    activation_id   TEXT NOT NULL REFERENCES activations(id),
    item_key        TEXT NOT NULL,
    answer          TEXT NOT NULL CHECK (json_valid(answer)),
    outcome         TEXT NOT NULL CHECK (outcome IN ('pass','fail')),
    note            TEXT,
    at              TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    actor_id        TEXT NOT NULL
);
CREATE INDEX activation_ticks_item ON activation_ticks(activation_id, item_key, hlc);
CREATE TRIGGER activation_ticks_append_only_update BEFORE UPDATE ON activation_ticks BEGIN
    SELECT RAISE(ABORT, 'activation ticks are append-only');
END;
CREATE TRIGGER activation_ticks_append_only_delete BEFORE DELETE ON activation_ticks BEGIN
    SELECT RAISE(ABORT, 'activation ticks are append-only');
END;
