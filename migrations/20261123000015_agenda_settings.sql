-- The agenda's settings set in Administração: the periods' hours and each order kind's service
-- time (JSON of `AgendaSettings`). No row: the defaults (manhã 08–12, tarde 13–18). One row.
-- Append-only: never edit this file once shipped; add a new migration instead.
CREATE TABLE agenda_settings (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    settings  TEXT NOT NULL CHECK (json_valid(settings)),
    set_at    TEXT NOT NULL,
    set_by    TEXT NOT NULL
);
