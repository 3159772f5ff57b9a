-- Two more kinds of work order the office opens: a plan change (`plan_change`, the order's
-- plan is the new one) and the activation of a service the plan includes (`sva_activation`).
-- SQLite widens a check by rebuilding the table (foreign keys are off while migrations run,
-- and checked after): work_orders keeps its row ids (the search index points at them), and its
-- indexes and triggers are made again exactly as they were. The triggers of other tables that
-- read work_orders go first (a rename checks every trigger) and come back at the end.
DROP TRIGGER customer_place_change;
DROP TRIGGER order_deadlines_rule;
DROP TRIGGER order_deadlines_rule_change;
DROP TRIGGER order_deadlines_rule_gone;

CREATE TABLE work_orders_new (
    row_id          INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    number          INTEGER NOT NULL CHECK (number > 0),
    kind            TEXT NOT NULL CHECK (kind IN ('installation','repair','removal','address_change','plan_change','sva_activation')),
    status          TEXT NOT NULL CHECK (status IN ('pending_analysis','approved','rejected','scheduled','en_route','in_progress','done','not_done','cancelled')),
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    plan_id         TEXT NOT NULL REFERENCES plans(id),
    technician_id   TEXT REFERENCES people(id),
    technician_name TEXT,
    scheduled_date  TEXT,
    period          TEXT CHECK (period IS NULL OR period IN ('morning','afternoon')),
    customer_name   TEXT NOT NULL,
    neighbourhood   TEXT NOT NULL,
    search          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    slot            TEXT GENERATED ALWAYS AS (scheduled_date || CASE period WHEN 'morning' THEN '-1' ELSE '-2' END) VIRTUAL,
    status_rank     INTEGER GENERATED ALWAYS AS (CASE status WHEN 'pending_analysis' THEN 0 WHEN 'rejected' THEN 1 WHEN 'approved' THEN 2 WHEN 'scheduled' THEN 3 WHEN 'en_route' THEN 4 WHEN 'in_progress' THEN 5 WHEN 'not_done' THEN 6 WHEN 'done' THEN 7 ELSE 8 END) VIRTUAL,
    contact_phone   TEXT,
    notes           TEXT,
    sale_id         TEXT,
    available_periods TEXT,
    external_id     TEXT,
    CHECK ((scheduled_date IS NULL) = (period IS NULL)),
    CHECK ((technician_id IS NULL) = (technician_name IS NULL))
);
INSERT INTO work_orders_new (row_id, id, number, kind, status, customer_id, plan_id, technician_id, technician_name,
                             scheduled_date, period, customer_name, neighbourhood, search, created_at, updated_at,
                             contact_phone, notes, sale_id, available_periods, external_id)
    SELECT row_id, id, number, kind, status, customer_id, plan_id, technician_id, technician_name,
           scheduled_date, period, customer_name, neighbourhood, search, created_at, updated_at,
           contact_phone, notes, sale_id, available_periods, external_id
    FROM work_orders;
DROP TABLE work_orders;
ALTER TABLE work_orders_new RENAME TO work_orders;
CREATE INDEX work_orders_number ON work_orders(number);
CREATE INDEX work_orders_slot ON work_orders(slot, number);
CREATE INDEX work_orders_status ON work_orders(status, slot, number);
CREATE INDEX work_orders_status_rank ON work_orders(status_rank, number);
CREATE INDEX work_orders_kind ON work_orders(kind, slot, number);
CREATE INDEX work_orders_neighbourhood ON work_orders(neighbourhood, slot, number);
CREATE INDEX work_orders_technician ON work_orders(technician_id, slot, number);
CREATE INDEX work_orders_technician_name ON work_orders(technician_name, number);
CREATE INDEX work_orders_customer_name ON work_orders(customer_name, number);
CREATE INDEX work_orders_created ON work_orders(created_at, number);
CREATE INDEX work_orders_customer ON work_orders(customer_id);
CREATE UNIQUE INDEX work_orders_external_id ON work_orders(external_id) WHERE external_id IS NOT NULL;
CREATE TRIGGER work_orders_fts_insert AFTER INSERT ON work_orders BEGIN
    INSERT INTO work_orders_fts(rowid, search) VALUES (new.row_id, new.search);
END;
CREATE TRIGGER work_orders_fts_update AFTER UPDATE OF search ON work_orders BEGIN
    INSERT INTO work_orders_fts(work_orders_fts, rowid, search) VALUES ('delete', old.row_id, old.search);
    INSERT INTO work_orders_fts(rowid, search) VALUES (new.row_id, new.search);
END;
CREATE TRIGGER work_orders_fts_delete AFTER DELETE ON work_orders BEGIN
    INSERT INTO work_orders_fts(work_orders_fts, rowid, search) VALUES ('delete', old.row_id, old.search);
END;
CREATE TRIGGER order_deadlines_new_order AFTER INSERT ON work_orders BEGIN
    INSERT INTO order_deadlines (order_id) VALUES (NEW.id)
        ON CONFLICT (order_id) DO UPDATE SET year = 0;
END;
CREATE TRIGGER order_deadlines_order AFTER UPDATE OF status, kind ON work_orders BEGIN
    INSERT INTO order_deadlines (order_id) VALUES (NEW.id)
        ON CONFLICT (order_id) DO UPDATE SET year = 0;
END;
CREATE TRIGGER order_deadlines_order_gone AFTER DELETE ON work_orders BEGIN
    DELETE FROM order_deadlines WHERE order_id = OLD.id;
END;

CREATE TABLE sla_rules_new (
    kind        TEXT PRIMARY KEY CHECK (kind IN ('installation','repair','removal','address_change','plan_change','sva_activation')),
    unit        TEXT NOT NULL CHECK (unit IN ('business_hours','business_days','calendar_hours','calendar_days')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    thresholds  TEXT NOT NULL CHECK (json_valid(thresholds)),
    set_at      TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    starts      TEXT,
    pausing     TEXT
) WITHOUT ROWID;
INSERT INTO sla_rules_new (kind, unit, amount, thresholds, set_at, set_by, starts, pausing)
    SELECT kind, unit, amount, thresholds, set_at, set_by, starts, pausing FROM sla_rules;
DROP TABLE sla_rules;
ALTER TABLE sla_rules_new RENAME TO sla_rules;
CREATE TRIGGER order_deadlines_rule AFTER INSERT ON sla_rules BEGIN
    UPDATE order_deadlines SET year = 0
    WHERE order_id IN (SELECT id FROM work_orders WHERE kind = NEW.kind);
END;
CREATE TRIGGER order_deadlines_rule_change AFTER UPDATE ON sla_rules BEGIN
    UPDATE order_deadlines SET year = 0
    WHERE order_id IN (SELECT id FROM work_orders WHERE kind IN (OLD.kind, NEW.kind));
END;
CREATE TRIGGER order_deadlines_rule_gone AFTER DELETE ON sla_rules BEGIN
    UPDATE order_deadlines SET year = 0
    WHERE order_id IN (SELECT id FROM work_orders WHERE kind = OLD.kind);
END;

CREATE TABLE closing_rules_new (
    kind            TEXT PRIMARY KEY CHECK (kind IN ('installation','repair','removal','address_change','plan_change','sva_activation')),
    equipment       INTEGER NOT NULL CHECK (equipment IN (0, 1)),
    signature       INTEGER NOT NULL CHECK (signature IN (0, 1)),
    updated_at      TEXT NOT NULL,
    photos          INTEGER NOT NULL DEFAULT 0,
    photo_location  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO closing_rules_new (kind, equipment, signature, updated_at, photos, photo_location)
    SELECT kind, equipment, signature, updated_at, photos, photo_location FROM closing_rules;
DROP TABLE closing_rules;
ALTER TABLE closing_rules_new RENAME TO closing_rules;

CREATE TRIGGER customer_place_change AFTER UPDATE OF city, uf ON customers BEGIN
    UPDATE order_deadlines SET year = 0
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id = NEW.id);
END;
