-- The customers late at the end of each month that has ended, and how many and how much in
-- all (derived from receivables, like `default_rate_months`: a receivable set clears its
-- months'): the customers behind an ended month's figure are a page of this index, not a
-- reading of the month's receivables. Cleared with what came from the server.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE late_months (
    month           TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    overdue         INTEGER NOT NULL,
    owed_cents      INTEGER NOT NULL,
    oldest_due      TEXT NOT NULL,
    PRIMARY KEY (month, customer_id)
) WITHOUT ROWID;
CREATE INDEX late_months_page ON late_months(month, owed_cents DESC, oldest_due, customer_id);

CREATE TABLE late_months_kept (
    month           TEXT PRIMARY KEY,
    customers       INTEGER NOT NULL,
    owed_cents      INTEGER NOT NULL
);
