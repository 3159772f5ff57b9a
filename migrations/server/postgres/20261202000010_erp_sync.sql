-- Where the reading of a provider's ERP stands, per connector and kind of record: the ERP's
-- own mark of how far it has read (the highest work-order id, the latest customer update),
-- the last run and the last good one, and the last failure as its code and parameters (JSON,
-- put into words where it is shown) with how many failed in a row.
CREATE TABLE erp_sync (
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    mark         TEXT,
    last_run_at  TEXT,
    last_ok_at   TEXT,
    last_error   TEXT,
    failures     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, kind)
);
