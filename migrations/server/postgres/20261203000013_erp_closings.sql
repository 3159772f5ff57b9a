-- Writing back to the provider's ERP what the field did (erp::writeback): schedulings below.
-- Visits done in Campo that came from the provider's ERP, to be closed there too: one row per
-- order, with the ERP's id, when the visit started and ended (the provider's local time, as
-- the ERP takes it) and the closing's words; sent_at once the ERP has it closed, else how many
-- tries failed and the last failure (code and parameters, JSON, put into words where shown).
-- How far the server's operations were looked at is erp_sync's mark of the kind 'closing'.
CREATE TABLE erp_closings (
    source       TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    started      TEXT NOT NULL,
    finished     TEXT NOT NULL,
    message      TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    sent_at      TEXT,
    PRIMARY KEY (source, order_id)
);
CREATE INDEX erp_closings_waiting ON erp_closings(source, sent_at, finished);

-- The newest scheduling of each order from the ERP (day, period's hours, technician's name in
-- the words), to be written to the ERP too: seq is the operation that set it, sent_seq the one
-- last sent (a rescheduling waits again). An order whose closing is queued is not scheduled
-- any more.
CREATE TABLE erp_schedules (
    source       TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    starts       TEXT NOT NULL,
    ends         TEXT NOT NULL,
    made         TEXT NOT NULL,
    message      TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    sent_seq     BIGINT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    PRIMARY KEY (source, order_id)
);
