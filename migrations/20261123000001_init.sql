-- Campo client store, version 1: people, plans, customers, work orders with their status
-- history, and the outbox of operations that the sync engine pushes to the server.
-- Append-only: never edit this file once shipped; add a new migration instead.

-- This device: its id, the next per-device operation sequence, the last HLC handed out.
CREATE TABLE device (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id       TEXT NOT NULL,
    local_user_id   TEXT,
    next_seq        INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
    last_hlc        TEXT NOT NULL DEFAULT '000000000000000-000000',
    demo_seeded_at  TEXT,
    created_at      TEXT NOT NULL
);

-- Staff: technicians, coordinators, backoffice, sellers, SVA managers, stock keepers, admins.
CREATE TABLE people (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT NOT NULL CHECK (role IN ('technician','coordinator','sva_manager','backoffice','seller','stock_keeper','admin')),
    phone       TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at  TEXT NOT NULL
);
CREATE INDEX people_role ON people(role, name);

CREATE TABLE plans (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    download_mbps   INTEGER NOT NULL CHECK (download_mbps > 0),
    price_cents     INTEGER NOT NULL CHECK (price_cents >= 0),
    has_iptv        INTEGER NOT NULL CHECK (has_iptv IN (0,1)),
    premium         INTEGER NOT NULL CHECK (premium IN (0,1)),
    created_at      TEXT NOT NULL
);

CREATE TABLE customers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    cpf             TEXT CHECK (cpf IS NULL OR length(cpf) = 11),
    email           TEXT,
    mother_name     TEXT,
    birth_date      TEXT,
    phone1          TEXT NOT NULL,
    phone2          TEXT,
    cep             TEXT NOT NULL CHECK (length(cep) = 8),
    street          TEXT NOT NULL,
    number          TEXT NOT NULL,
    complement      TEXT,
    neighbourhood   TEXT NOT NULL,
    city            TEXT NOT NULL,
    uf              TEXT NOT NULL CHECK (length(uf) = 2),
    lat             REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon             REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX customers_cpf ON customers(cpf) WHERE cpf IS NOT NULL;

-- Work orders. customer_name, neighbourhood and technician_name are copied from their rows
-- (kept in step by the store) so the list sorts and filters on this one table; `search` is
-- the folded text the free-text filter matches; `slot` (day + period) and `status_rank`
-- (status in the order of the flow) are the sort keys the indexes cover.
CREATE TABLE work_orders (
    row_id          INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    number          INTEGER NOT NULL CHECK (number > 0),
    kind            TEXT NOT NULL CHECK (kind IN ('installation','repair','removal','address_change')),
    status          TEXT NOT NULL CHECK (status IN ('pending_analysis','approved','rejected','scheduled','en_route','in_progress','done','not_done','cancelled')),
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    plan_id         TEXT NOT NULL REFERENCES plans(id),
    technician_id   TEXT REFERENCES people(id),
    technician_name TEXT,
    scheduled_date  TEXT,
    period          TEXT CHECK (period IS NULL OR period IN ('morning','afternoon')),
    customer_name   TEXT NOT NULL,
    neighbourhood   TEXT NOT NULL,
    search          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    slot            TEXT GENERATED ALWAYS AS (scheduled_date || CASE period WHEN 'morning' THEN '-1' ELSE '-2' END) VIRTUAL,
    status_rank     INTEGER GENERATED ALWAYS AS (CASE status WHEN 'pending_analysis' THEN 0 WHEN 'rejected' THEN 1 WHEN 'approved' THEN 2 WHEN 'scheduled' THEN 3 WHEN 'en_route' THEN 4 WHEN 'in_progress' THEN 5 WHEN 'not_done' THEN 6 WHEN 'done' THEN 7 ELSE 8 END) VIRTUAL,
    CHECK ((scheduled_date IS NULL) = (period IS NULL)),
    CHECK ((technician_id IS NULL) = (technician_name IS NULL))
);
-- Numbers are provisional until the server has the order: not unique on a device.
CREATE INDEX work_orders_number ON work_orders(number);
CREATE INDEX work_orders_slot ON work_orders(slot, number);
CREATE INDEX work_orders_status ON work_orders(status, slot, number);
CREATE INDEX work_orders_status_rank ON work_orders(status_rank, number);
CREATE INDEX work_orders_kind ON work_orders(kind, slot, number);
CREATE INDEX work_orders_neighbourhood ON work_orders(neighbourhood, slot, number);
CREATE INDEX work_orders_technician ON work_orders(technician_id, slot, number);
CREATE INDEX work_orders_technician_name ON work_orders(technician_name, number);
CREATE INDEX work_orders_customer_name ON work_orders(customer_name, number);
CREATE INDEX work_orders_created ON work_orders(created_at, number);
CREATE INDEX work_orders_customer ON work_orders(customer_id);

-- Substring search (trigram) over the folded text of each order.
CREATE VIRTUAL TABLE work_orders_fts USING fts5(search, content='work_orders', content_rowid='row_id', tokenize='trigram');
CREATE TRIGGER work_orders_fts_insert AFTER INSERT ON work_orders BEGIN
    INSERT INTO work_orders_fts(rowid, search) VALUES (new.row_id, new.search);
END;
CREATE TRIGGER work_orders_fts_update AFTER UPDATE OF search ON work_orders BEGIN
    INSERT INTO work_orders_fts(work_orders_fts, rowid, search) VALUES ('delete', old.row_id, old.search);
    INSERT INTO work_orders_fts(rowid, search) VALUES (new.row_id, new.search);
END;
CREATE TRIGGER work_orders_fts_delete AFTER DELETE ON work_orders BEGIN
    INSERT INTO work_orders_fts(work_orders_fts, rowid, search) VALUES ('delete', old.row_id, old.search);
END;

-- Every status change of every order: who, when, from, to, why.
CREATE TABLE order_events (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL REFERENCES work_orders(id),
    at          TEXT NOT NULL,
    actor_id    TEXT NOT NULL REFERENCES people(id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT
);
CREATE INDEX order_events_order ON order_events(order_id, at);

-- The outbox: every user change, written in the same transaction as its effect.
-- `seq` is this device's gap-free sequence; `pushed_at` is set once the server has it.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY CHECK (seq >= 1),
    op_id           TEXT NOT NULL UNIQUE,
    device_id       TEXT NOT NULL,
    hlc             TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    schema_version  INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    pushed_at       TEXT
);
CREATE INDEX outbox_pending ON outbox(seq) WHERE pushed_at IS NULL;
CREATE INDEX outbox_entity ON outbox(entity, entity_id);
