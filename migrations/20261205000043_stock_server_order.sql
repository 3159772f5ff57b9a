-- A unit is now where its latest movement in the server's order left it, on every device:
-- stock_remote_lines keeps each line's place in that order, for a device's own lines too once
-- they come back. The lines already here keep the ledger's own order, before every line that
-- comes from now on: server_seq 0 (ties go by seq); one of them that comes back later gets its
-- real place then.
INSERT INTO stock_remote_lines (movement_id, server_seq)
SELECT id, 0 FROM stock_movements WHERE true
ON CONFLICT (movement_id) DO UPDATE SET server_seq = 0;
