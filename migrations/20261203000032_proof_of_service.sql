-- Proof of service, first part: the customer's signature on an order (its latest one kept)
-- and what closing each order kind requires, as the provider sets it (a kind without a row
-- keeps Campo's default). Both come from the server like the rest and are cleared with it.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE order_signatures (
    order_id        TEXT PRIMARY KEY,
    signer_name     TEXT NOT NULL,
    relation        TEXT NOT NULL CHECK (relation IN ('holder','family','representative','other')),
    strokes         TEXT NOT NULL,
    signed_by       TEXT NOT NULL,
    signed_at       TEXT NOT NULL
);

CREATE TABLE closing_rules (
    kind            TEXT PRIMARY KEY CHECK (kind IN ('installation','repair','removal','address_change')),
    equipment       INTEGER NOT NULL CHECK (equipment IN (0, 1)),
    signature       INTEGER NOT NULL CHECK (signature IN (0, 1)),
    updated_at      TEXT NOT NULL
);
