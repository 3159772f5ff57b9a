-- Visits from the provider's ERP that Campo took out of the agenda (not done at the
-- customer's, or sent back to Campo's queue), to be put back in the ERP to be rescheduled
-- (erp::returns): one row per order, with the ERP's id; seq is the operation that took it
-- out; sent_at once the ERP has it, else how many tries failed and the last failure (code and
-- parameters, JSON). A newer scheduling or the closing of the order removes a row not sent.
CREATE TABLE erp_returns (
    source       TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    sent_at      TEXT,
    PRIMARY KEY (source, order_id)
);
CREATE INDEX erp_returns_waiting ON erp_returns(source, sent_at, seq);
