-- What each technician's van ever held, in the server's order: every van a serialised unit
-- has been in, and how much of each bulk item each van received. A technician's movement out
-- of their van is checked against it (a unit never in their van, more than it ever received:
-- refused), so ownership is the server's view, never the sender's claim.
CREATE TABLE stock_unit_vans (
    serial      TEXT NOT NULL,
    van_of      TEXT NOT NULL,
    PRIMARY KEY (serial, van_of)
);
CREATE TABLE stock_van_received (
    van_of      TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    PRIMARY KEY (van_of, item_id)
);
