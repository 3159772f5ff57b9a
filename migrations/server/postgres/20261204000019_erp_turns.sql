-- Turns of the ERP work every server instance over one database would start on its own
-- schedule (reading the ERP, writing closings back to it): one instance at a time holds a
-- turn until it ends it or its time runs out (an instance that stopped mid-turn).
CREATE TABLE erp_turns (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    until   TEXT NOT NULL
);
