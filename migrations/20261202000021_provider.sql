-- The provider's profile (name, CNPJ, municipalities served, bases), set by its administrator
-- (`provider.set`, reaching every device). Without one (the demo, a server not yet set up)
-- the calendar and "today" are Recife's.
CREATE TABLE provider_profile (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    profile  TEXT NOT NULL CHECK (json_valid(profile)),
    set_at   TEXT NOT NULL,
    set_by   TEXT NOT NULL
);
