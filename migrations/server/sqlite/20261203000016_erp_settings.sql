-- How the server reaches the provider's ERP, as its administrator set it in the app: the
-- address, the API user, the token sealed with the server's secret key (never kept in the
-- clear), how often to read it (NULL: only when asked) and the ERP employee closings are
-- written back as (NULL: not written back); `turn_at`, when a server last took a turn of
-- reading it, and `busy_until`, while that turn runs (one server at a time: a turn is taken
-- by moving both, and ends by clearing `busy_until`; a server that stopped mid-turn frees it
-- when the time runs out). One row per connector. Append-only: never edit this file once
-- shipped.
CREATE TABLE erp_settings (
    source        TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    api_user      TEXT NOT NULL,
    token_sealed  TEXT NOT NULL,
    every_minutes INTEGER,
    closer        TEXT,
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL,
    turn_at       TEXT,
    busy_until    TEXT
);
