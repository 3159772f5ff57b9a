-- The payment follow-up (PRODUCT.md step 5): receivables as the provider's ERP issued them
-- (Campo never issues one; the latest import of each wins) and the finance team's contacts
-- with late customers. Both reach only devices of people who see money (finance, admin).
CREATE TABLE receivables (
    id              TEXT PRIMARY KEY,
    external_id     TEXT NOT NULL UNIQUE,
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    contract        TEXT,
    issued_on       TEXT,
    due_on          TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    status          TEXT NOT NULL CHECK (status IN ('open','paid','partial','cancelled')),
    paid_on         TEXT,
    paid_cents      INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
    updated_at      TEXT NOT NULL
);
-- A month's figures read only this index (it holds every column they need).
CREATE INDEX receivables_due ON receivables(due_on, customer_id, status, paid_on, amount_cents, paid_cents);
CREATE INDEX receivables_customer ON receivables(customer_id, due_on);
-- What is owed now: the receivables not paid, a small share of them all.
CREATE INDEX receivables_unpaid ON receivables(due_on, customer_id, status, amount_cents, paid_on, paid_cents)
    WHERE status IN ('open', 'partial');
-- Paid after a given day (a month's end, today): judged late on that day.
CREATE INDEX receivables_paid ON receivables(paid_on) WHERE status = 'paid';

-- The default rate of each month that has ended (derived from receivables; a receivable set
-- clears its month's): an ended month's figures do not change until a receivable of it does.
CREATE TABLE default_rate_months (
    month           TEXT PRIMARY KEY,
    customers       INTEGER NOT NULL,
    customers_late  INTEGER NOT NULL,
    due_cents       INTEGER NOT NULL,
    late_cents      INTEGER NOT NULL
);

CREATE TABLE collection_contacts (
    id              TEXT PRIMARY KEY,
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    channel         TEXT NOT NULL CHECK (channel IN ('call','whatsapp','email')),
    outcome         TEXT NOT NULL CHECK (outcome IN ('promised','says_paid','no_promise','no_answer','wrong_contact')),
    promised_on     TEXT,
    note            TEXT NOT NULL,
    by_name         TEXT NOT NULL,
    at              TEXT NOT NULL
);
CREATE INDEX collection_contacts_customer ON collection_contacts(customer_id, at);

-- The provider's steps against non-payment (days after the due date); none kept: the
-- labelled default (campo_domain::finance::DEFAULT_STEPS).
CREATE TABLE non_payment_steps (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    steps           TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
