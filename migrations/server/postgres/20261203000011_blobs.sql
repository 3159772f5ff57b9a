-- Stored files (photos of visits): one row per file that arrived whole and matched its name
-- (the SHA-256 of its bytes); the bytes live in the blob folder, not here. `blob_refs` says
-- which orders' photos use each file, so a technician may fetch only their orders' files.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    mime        TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    stored_at   TEXT NOT NULL
);
CREATE TABLE blob_refs (
    hash     TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (hash, order_id)
);
CREATE INDEX blob_refs_order ON blob_refs (order_id);
