-- Municipal days off per served municipality: the calendar editor's days gain the IBGE code
-- of the municipality a municipal holiday is of (0: the head office's, and every state and
-- company day), and a day is one per date and municipality. SQLite cannot change a primary
-- key, so the table is rebuilt with its rows and triggers.
CREATE TABLE calendar_days_by_place (
    date          TEXT NOT NULL,
    municipality  INTEGER NOT NULL DEFAULT 0 CHECK (municipality >= 0),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    layer         TEXT NOT NULL CHECK (layer IN ('state','municipal','company')),
    removed       INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL,
    PRIMARY KEY (date, municipality)
) WITHOUT ROWID;
INSERT INTO calendar_days_by_place (date, municipality, name, layer, removed, set_at, set_by)
    SELECT date, 0, name, layer, removed, set_at, set_by FROM calendar_days;
DROP TRIGGER calendar_days_new;
DROP TRIGGER calendar_days_change;
DROP TABLE calendar_days;
ALTER TABLE calendar_days_by_place RENAME TO calendar_days;
CREATE TRIGGER calendar_days_new AFTER INSERT ON calendar_days BEGIN
    UPDATE order_deadlines SET year = 0;
END;
CREATE TRIGGER calendar_days_change AFTER UPDATE ON calendar_days BEGIN
    UPDATE order_deadlines SET year = 0;
END;

-- Each order's deadline follows its customer's municipality when the provider serves it: a
-- new provider profile (head office, served municipalities) or a customer's new municipality
-- moves deadlines, so their kept milestones are marked for recomputation.
CREATE TRIGGER provider_profile_new AFTER INSERT ON provider_profile BEGIN
    UPDATE order_deadlines SET year = 0;
END;
CREATE TRIGGER provider_profile_change AFTER UPDATE ON provider_profile BEGIN
    UPDATE order_deadlines SET year = 0;
END;
CREATE TRIGGER customer_place_change AFTER UPDATE OF city, uf ON customers BEGIN
    UPDATE order_deadlines SET year = 0
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id = NEW.id);
END;
