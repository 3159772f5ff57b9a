-- Stock: the equipment catalogue, the places equipment can be, and the append-only ledger of
-- movements between them. Balances and each serial's current place are projections of the
-- ledger, kept in step by the store in the same transaction; `verify_stock` recomputes them.
-- Append-only: never edit this file once shipped; add a new migration instead.

CREATE TABLE stock_items (
    id          TEXT PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE CHECK (length(trim(sku)) > 0),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit        TEXT NOT NULL CHECK (unit IN ('un','m')),
    tracking    TEXT NOT NULL CHECK (tracking IN ('serialised','bulk')),
    created_at  TEXT NOT NULL,
    CHECK (tracking = 'bulk' OR unit = 'un')
);

-- Warehouses, vans (one per technician), customers' premises, defective/RMA, and the virtual
-- places stock enters and leaves the books through (supplier, loss, count adjustment).
CREATE TABLE stock_places (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('warehouse','van','customer','defective','supplier','loss','adjustment')),
    name        TEXT NOT NULL,
    ref_id      TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX stock_places_kind ON stock_places(kind, name);
CREATE INDEX stock_places_ref ON stock_places(ref_id) WHERE ref_id IS NOT NULL;

-- The ledger. Rows are never updated or deleted: corrections are new movements.
CREATE TABLE stock_movements (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    batch_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('receipt','checkout','return','use','collect','defective','transfer','adjust')),
    item_id     TEXT NOT NULL REFERENCES stock_items(id),
    serial      TEXT,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    from_place  TEXT NOT NULL REFERENCES stock_places(id),
    to_place    TEXT NOT NULL REFERENCES stock_places(id),
    order_id    TEXT,
    actor_id    TEXT NOT NULL,
    at          TEXT NOT NULL,
    reason      TEXT,
    CHECK (serial IS NULL OR quantity = 1),
    CHECK (from_place <> to_place)
);
CREATE INDEX stock_movements_serial ON stock_movements(serial, seq) WHERE serial IS NOT NULL;
CREATE INDEX stock_movements_from ON stock_movements(from_place, seq);
CREATE INDEX stock_movements_to ON stock_movements(to_place, seq);
CREATE INDEX stock_movements_order ON stock_movements(order_id, seq) WHERE order_id IS NOT NULL;
CREATE INDEX stock_movements_batch ON stock_movements(batch_id);
CREATE TRIGGER stock_movements_append_only_update BEFORE UPDATE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only');
END;
CREATE TRIGGER stock_movements_append_only_delete BEFORE DELETE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only');
END;

-- Projection: where each serialised unit is now.
CREATE TABLE stock_units (
    serial      TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES stock_items(id),
    mac         TEXT,
    place_id    TEXT NOT NULL REFERENCES stock_places(id),
    since       TEXT NOT NULL
);
CREATE INDEX stock_units_place ON stock_units(place_id, item_id, serial);
CREATE INDEX stock_units_mac ON stock_units(mac) WHERE mac IS NOT NULL;

-- Projection: quantity of each item at each place (serialised items counted by unit).
CREATE TABLE stock_balances (
    place_id    TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    PRIMARY KEY (place_id, item_id)
) WITHOUT ROWID;

-- Minimum level of an item at a place (below it, a low-stock alert).
CREATE TABLE stock_minimums (
    place_id    TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    minimum     INTEGER NOT NULL CHECK (minimum >= 0),
    PRIMARY KEY (place_id, item_id)
) WITHOUT ROWID;

-- Equipment an installation of a plan requires (checked when the order is finished).
CREATE TABLE plan_equipment (
    plan_id     TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (plan_id, item_id)
) WITHOUT ROWID;

-- Discrepancies: a serial moved from a place where it was not, a physical balance gone
-- negative, a count that did not match. Recorded, shown, resolved by a person; never fixed
-- silently. Ids follow from the movement that revealed them, so every device agrees.
CREATE TABLE stock_discrepancies (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('serial_elsewhere','negative_balance','count_difference')),
    movement_id TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    serial      TEXT,
    place_id    TEXT NOT NULL,
    detail      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT,
    resolution  TEXT
);
CREATE INDEX stock_discrepancies_open ON stock_discrepancies(created_at) WHERE resolved_at IS NULL;
