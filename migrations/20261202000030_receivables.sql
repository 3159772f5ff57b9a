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
CREATE INDEX receivables_due ON receivables(due_on, customer_id);
CREATE INDEX receivables_customer ON receivables(customer_id, due_on);

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
