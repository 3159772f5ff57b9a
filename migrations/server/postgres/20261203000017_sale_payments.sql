-- Where a seller's customers stand with their payments, without a seller's device ever
-- holding money: each receivable's facts as the latest import set them (kept by the rules of
-- `receivable.set`; amounts stay on the server, the seller is told only where a customer
-- stands), and, for each approved sale, its customer and when it was approved (the
-- follow-up reads the receivables due from that day on). Rows of a database written before
-- this are filled from the log once at start. Append-only: never edit this file once shipped.
CREATE TABLE receivables (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    status       TEXT NOT NULL,
    paid_on      TEXT,
    paid_cents   BIGINT NOT NULL
);
CREATE INDEX receivables_customer ON receivables(customer_id, due_on);
ALTER TABLE sales ADD COLUMN customer_id TEXT;
ALTER TABLE sales ADD COLUMN approved_at TEXT;
