-- What the field's indicators judge each visit done by, kept so that a page over a year sums
-- rows instead of reading every order's history again: the deadline met or missed, the day
-- it was done (where it happened), whether a visit failed before, and the repair that
-- followed within 30 days — with the order's own fields the pages group and filter by
-- (its slot, kind, technician, the week of its day, the customer's municipality). Only done
-- orders are kept: an open one is judged at each reading. `year` is the calendar year of the
-- deadline rules used (the holidays known around it); a row of another year is computed
-- again. Anything a row depends on deletes it (the order, its history, its pauses, its
-- customer's municipality, a repair for the same customer, the rules, the calendar, the
-- provider's places) and the next reading computes it again. Device bookkeeping, not synced.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE visit_facts (
    slot            TEXT NOT NULL,
    order_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    technician_id   TEXT,
    technician_name TEXT,
    week            TEXT NOT NULL,
    ibge            INTEGER,
    deadline        TEXT,
    on_date         INTEGER NOT NULL CHECK (on_date IN (0, 1)),
    first_visit     INTEGER NOT NULL CHECK (first_visit IN (0, 1)),
    done_on         TEXT,
    repair          INTEGER,
    year            INTEGER NOT NULL,
    PRIMARY KEY (slot, order_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX visit_facts_order ON visit_facts(order_id);

CREATE TRIGGER visit_facts_order AFTER UPDATE ON work_orders BEGIN
    DELETE FROM visit_facts WHERE order_id IN (OLD.id, NEW.id);
END;
CREATE TRIGGER visit_facts_order_gone AFTER DELETE ON work_orders BEGIN
    DELETE FROM visit_facts WHERE order_id = OLD.id;
END;
-- A repair opened, changed or gone: the visits before it may have become (or stopped being)
-- repeat visits.
CREATE TRIGGER visit_facts_repair AFTER INSERT ON work_orders WHEN NEW.kind = 'repair' BEGIN
    DELETE FROM visit_facts
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id = NEW.customer_id);
END;
CREATE TRIGGER visit_facts_repair_change AFTER UPDATE ON work_orders
WHEN NEW.kind = 'repair' OR OLD.kind = 'repair' BEGIN
    DELETE FROM visit_facts
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id IN (OLD.customer_id, NEW.customer_id));
END;
CREATE TRIGGER visit_facts_repair_gone AFTER DELETE ON work_orders WHEN OLD.kind = 'repair' BEGIN
    DELETE FROM visit_facts
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id = OLD.customer_id);
END;
CREATE TRIGGER visit_facts_event AFTER INSERT ON order_events BEGIN
    DELETE FROM visit_facts WHERE order_id = NEW.order_id;
END;
CREATE TRIGGER visit_facts_event_change AFTER UPDATE ON order_events BEGIN
    DELETE FROM visit_facts WHERE order_id IN (OLD.order_id, NEW.order_id);
END;
CREATE TRIGGER visit_facts_event_gone AFTER DELETE ON order_events BEGIN
    DELETE FROM visit_facts WHERE order_id = OLD.order_id;
END;
CREATE TRIGGER visit_facts_pause AFTER INSERT ON order_pauses BEGIN
    DELETE FROM visit_facts WHERE order_id = NEW.order_id;
END;
CREATE TRIGGER visit_facts_pause_change AFTER UPDATE ON order_pauses BEGIN
    DELETE FROM visit_facts WHERE order_id IN (OLD.order_id, NEW.order_id);
END;
CREATE TRIGGER visit_facts_pause_gone AFTER DELETE ON order_pauses BEGIN
    DELETE FROM visit_facts WHERE order_id = OLD.order_id;
END;
CREATE TRIGGER visit_facts_customer_place AFTER UPDATE OF city, uf ON customers BEGIN
    DELETE FROM visit_facts
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id = NEW.id);
END;
-- The rules, the calendar and the provider's places judge every visit.
CREATE TRIGGER visit_facts_rule AFTER INSERT ON sla_rules BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_rule_change AFTER UPDATE ON sla_rules BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_rule_gone AFTER DELETE ON sla_rules BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_day AFTER INSERT ON calendar_days BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_day_change AFTER UPDATE ON calendar_days BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_day_gone AFTER DELETE ON calendar_days BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_hours AFTER INSERT ON calendar_hours BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_hours_change AFTER UPDATE ON calendar_hours BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_hours_gone AFTER DELETE ON calendar_hours BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_profile AFTER INSERT ON provider_profile BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_profile_change AFTER UPDATE ON provider_profile BEGIN DELETE FROM visit_facts; END;
CREATE TRIGGER visit_facts_profile_gone AFTER DELETE ON provider_profile BEGIN DELETE FROM visit_facts; END;
