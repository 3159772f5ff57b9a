-- Proof of service, second part: photos of a visit and the files behind them.
-- `order_photos` comes from the server like the rest (cleared with it); `blobs` holds the
-- files' bytes on this device, named by their SHA-256: those taken here wait there until the
-- server has them (`sent`), those of others' photos arrive when the device fetches them. A
-- file nobody's photo uses any more and the server has is dropped.
-- Closing rules gain a number of photos a visit needs (0: none).
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE order_photos (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL,
    hash        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    mime        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    caption     TEXT NOT NULL,
    subject     TEXT,
    taken_by    TEXT NOT NULL,
    taken_at    TEXT NOT NULL
);
CREATE INDEX order_photos_order ON order_photos (order_id, taken_at);
CREATE INDEX order_photos_hash ON order_photos (hash);

CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    sent        INTEGER NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
    kept_at     TEXT NOT NULL
);

ALTER TABLE closing_rules ADD COLUMN photos INTEGER NOT NULL DEFAULT 0;
