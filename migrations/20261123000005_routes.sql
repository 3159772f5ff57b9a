-- Route plans: the order in which a technician visits their orders on a day, as the
-- coordinator applied it (planned by the solver, possibly reordered by hand). "Meu dia"
-- follows it. Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE route_plans (
    date            TEXT NOT NULL,
    technician_id   TEXT NOT NULL,
    order_ids       TEXT NOT NULL CHECK (json_valid(order_ids)),
    km              REAL NOT NULL CHECK (km >= 0),
    driving_minutes INTEGER NOT NULL CHECK (driving_minutes >= 0),
    idle_minutes    INTEGER NOT NULL CHECK (idle_minutes >= 0),
    planned_at      TEXT NOT NULL,
    planned_by      TEXT NOT NULL,
    PRIMARY KEY (date, technician_id)
) WITHOUT ROWID;
