-- Retention: scope tombstones (`order.revoke`, telling a technician's device an order left
-- it) are pruned from the log once older than the retention window. Per audience, `seq` is
-- the newest pruned one: a device of that audience whose cursor is older must bootstrap again
-- from a snapshot (it may have missed a tombstone). Other devices never needed them.
CREATE TABLE sync_horizons (
    audience    TEXT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    pruned_at   TEXT NOT NULL
);
-- Pruning finds old tombstones by kind and time.
CREATE INDEX ops_kind_received ON ops(kind, received_at);
