-- Where each serialised unit is, as the log's movements put it (server order), and the
-- technician whose van that is. A movement that takes a unit from a place where it is not
-- still applies (the office sees a discrepancy); the technician whose van really held it is
-- told, so their device does not keep a unit the ledger moved away.
CREATE TABLE stock_units (
    serial      TEXT PRIMARY KEY,
    place_id    TEXT NOT NULL,
    van_of      TEXT
);
