-- Each open order's deadline milestones as the SLA engine computed them: from `at_risk_at` the
-- order is at risk, from `deadline_at` breached (UTC, RFC 3339 with milliseconds, so text order
-- is time order). A cache, so that judging every open order is a comparison with the time.
-- `year` is the calendar year the computation used (the holidays known around it); 0 means
-- "compute again": anything the milestones depend on (a new order, its status or kind, its
-- history, its pauses, the rules) sets it, and the next reading recomputes those rows (and
-- drops the rows of orders that are no longer open). `live` = 1: the clock is paused right
-- now, so the deadline moves on and the order is judged at each reading. Both instants NULL:
-- no deadline (no rule for its kind, or its clock has not started). Device bookkeeping, not
-- synced. Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE order_deadlines (
    order_id     TEXT PRIMARY KEY,
    at_risk_at   TEXT,
    deadline_at  TEXT,
    live         INTEGER NOT NULL DEFAULT 0 CHECK (live IN (0, 1)),
    year         INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX order_deadlines_year ON order_deadlines(year);

INSERT INTO order_deadlines (order_id) SELECT id FROM work_orders;

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
CREATE TRIGGER order_deadlines_event AFTER INSERT ON order_events BEGIN
    INSERT INTO order_deadlines (order_id) VALUES (NEW.order_id)
        ON CONFLICT (order_id) DO UPDATE SET year = 0;
END;
CREATE TRIGGER order_deadlines_event_gone AFTER DELETE ON order_events BEGIN
    UPDATE order_deadlines SET year = 0 WHERE order_id = OLD.order_id;
END;
CREATE TRIGGER order_deadlines_pause AFTER INSERT ON order_pauses BEGIN
    INSERT INTO order_deadlines (order_id) VALUES (NEW.order_id)
        ON CONFLICT (order_id) DO UPDATE SET year = 0;
END;
CREATE TRIGGER order_deadlines_pause_change AFTER UPDATE ON order_pauses BEGIN
    UPDATE order_deadlines SET year = 0 WHERE order_id IN (OLD.order_id, NEW.order_id);
END;
CREATE TRIGGER order_deadlines_pause_gone AFTER DELETE ON order_pauses BEGIN
    UPDATE order_deadlines SET year = 0 WHERE order_id = OLD.order_id;
END;
-- A rule concerns the orders of its kind.
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
