-- Proof of service, third part: the reports kept on their order. The device that closes a
-- visit (or changes its proof after), or ends an activation attempt, makes the report (a PDF)
-- and keeps it as a file in `blobs`, named by its SHA-256 like a photo; `order_reports` comes
-- from the server like the rest (cleared with it) and names those files. `report` says which
-- (`visit`, `activation:<service>`); the newest of each is the order's.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE order_reports (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL,
    report      TEXT NOT NULL DEFAULT 'visit',
    hash        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    made_by     TEXT NOT NULL,
    made_at     TEXT NOT NULL
);
CREATE INDEX order_reports_order ON order_reports (order_id, report, made_at);
CREATE INDEX order_reports_hash ON order_reports (hash);
