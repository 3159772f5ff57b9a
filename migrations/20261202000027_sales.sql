-- Sales (seed 002, stages 1–2): what a seller collected and where each sale stands. `form` is
-- the checked form as JSON (on a seller's device its personal data is emptied once the sale is
-- approved: it is no longer theirs to fix); the columns beside it are what the lists filter and
-- sort on. `version` moves on with every sending and decision (a change made on an older one
-- is refused by the server); `round` counts the times it was sent to analysis.
CREATE TABLE sales (
    id              TEXT PRIMARY KEY,
    seller_id       TEXT NOT NULL,
    seller_name     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('in_analysis','rejected','approved')),
    version         INTEGER NOT NULL CHECK (version > 0),
    round           INTEGER NOT NULL CHECK (round > 0),
    form            TEXT NOT NULL,
    name            TEXT NOT NULL,
    cpf             TEXT,
    city            TEXT NOT NULL,
    uf              TEXT NOT NULL,
    operator        TEXT NOT NULL,
    plan_id         TEXT NOT NULL,
    search          TEXT NOT NULL,
    first_sent_at   TEXT NOT NULL,
    sent_at         TEXT NOT NULL,
    decided_at      TEXT,
    reason          TEXT,
    note            TEXT,
    protocol        TEXT,
    customer_id     TEXT,
    order_id        TEXT
);
CREATE INDEX sales_queue ON sales(status, sent_at);
CREATE INDEX sales_sent ON sales(sent_at, id);
CREATE INDEX sales_seller ON sales(seller_id, sent_at);
CREATE INDEX sales_cpf ON sales(cpf);
CREATE INDEX sales_customer ON sales(customer_id) WHERE customer_id IS NOT NULL;

-- A sale's history: every sending, change and decision, round by round.
CREATE TABLE sale_events (
    id          INTEGER PRIMARY KEY,
    sale_id     TEXT NOT NULL REFERENCES sales(id),
    version     INTEGER NOT NULL,
    round       INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('sent','changed','approved','rejected')),
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    reason      TEXT,
    note        TEXT,
    protocol    TEXT,
    at          TEXT NOT NULL,
    UNIQUE (sale_id, version)
);

-- Drafts of the sale form, as typed: they never leave this device (not operations; sending
-- one is the operation). `sale_id` names the sale being fixed, when it is one.
CREATE TABLE sale_drafts (
    id          TEXT PRIMARY KEY,
    sale_id     TEXT,
    form        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The address's reference point, and what an installation opened by a sale keeps of it.
ALTER TABLE customers ADD COLUMN reference TEXT;
ALTER TABLE work_orders ADD COLUMN sale_id TEXT;
ALTER TABLE work_orders ADD COLUMN available_periods TEXT;

-- The plan catalogue: other SVAs a plan includes (JSON list of names), and whether it is
-- still offered to new customers (the sale form lists only those).
ALTER TABLE plans ADD COLUMN svas TEXT NOT NULL DEFAULT '[]';
ALTER TABLE plans ADD COLUMN sold INTEGER NOT NULL DEFAULT 1 CHECK (sold IN (0,1));

-- Atendimento (N1) joins the roles (and finance, for the payment follow-up to come): the
-- table is rebuilt with the new check, every row kept as it is (migrations run with foreign
-- keys off and are checked after: `open::finish`).
CREATE TABLE people_roles (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role        TEXT NOT NULL CHECK (role IN ('technician','coordinator','sva_manager','backoffice','seller','support','finance','stock_keeper','admin')),
    phone       TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at  TEXT NOT NULL
);
INSERT INTO people_roles (id, name, role, phone, active, created_at) SELECT id, name, role, phone, active, created_at FROM people;
DROP TABLE people;
ALTER TABLE people_roles RENAME TO people;
CREATE INDEX people_role ON people(role, name);

-- Customers' calls (seed 004): N1 records them, N2 solves them remotely or opens a visit.
-- `search` is the folded text the list's search matches.
CREATE TABLE support_calls (
    id              TEXT PRIMARY KEY,
    number          INTEGER NOT NULL CHECK (number > 0),
    customer_id     TEXT NOT NULL,
    customer_name   TEXT NOT NULL,
    problem         TEXT NOT NULL,
    description     TEXT NOT NULL,
    tried           TEXT NOT NULL,
    promised_by     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('n1','n2','solved','visit')),
    opened_at       TEXT NOT NULL,
    opened_by       TEXT NOT NULL,
    order_id        TEXT,
    closed_at       TEXT,
    search          TEXT NOT NULL
);
CREATE INDEX support_calls_status ON support_calls(status, promised_by);
CREATE INDEX support_calls_customer ON support_calls(customer_id, opened_at);
CREATE TABLE support_call_steps (
    call_id     TEXT NOT NULL REFERENCES support_calls(id),
    from_status TEXT NOT NULL,
    step        TEXT NOT NULL,
    note        TEXT,
    actor_name  TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (call_id, from_status)
);

-- The messages sent to customers about their visit (seed 003): one per moment and, for a
-- (re)scheduling, per day and period — so a new date asks for a new message.
CREATE TABLE order_messages (
    order_id    TEXT NOT NULL,
    moment      TEXT NOT NULL CHECK (moment IN ('scheduled','rescheduled','en_route','done')),
    key         TEXT NOT NULL,
    sent_by     TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (order_id, moment, key)
);

-- Changes to a customer's details, for the customer's page: when, who, which fields.
CREATE TABLE customer_changes (
    customer_id TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    fields      TEXT NOT NULL,
    PRIMARY KEY (customer_id, at)
);
