-- The record an operation sets whole (campo_protocol::record), so a device starting empty is
-- not sent the versions of it the next operation replaces: record_key names the record
-- (`receivable:<id>`), record_fixed what a later operation must agree on to replace it (with
-- the operation's audience); NULL for every other kind.
ALTER TABLE ops ADD COLUMN record_key TEXT;
ALTER TABLE ops ADD COLUMN record_fixed TEXT;
CREATE INDEX ops_record ON ops(record_key, server_seq) WHERE record_key IS NOT NULL;
-- The operations logged before this migration get theirs once, when the server next starts
-- (rules::backfill_op_records, which then empties this table).
CREATE TABLE op_records_backfill (up_to BIGINT NOT NULL);
INSERT INTO op_records_backfill (up_to) SELECT COALESCE(MAX(server_seq), 0) FROM ops;
