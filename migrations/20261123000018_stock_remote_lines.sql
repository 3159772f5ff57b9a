-- Ledger lines that came from the server, with their place in its order. A device applies
-- its own movements when they are made and others' when they are pulled, so a unit's
-- movements can sit in the local ledger in another order than the server's: when one of this
-- device's movements comes back from the server after another device's movement of the same
-- unit was pulled, the office's devices open a discrepancy for someone to check.
CREATE TABLE stock_remote_lines (
    movement_id TEXT PRIMARY KEY,
    server_seq  INTEGER NOT NULL
);
