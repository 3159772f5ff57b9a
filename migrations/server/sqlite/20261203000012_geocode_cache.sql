-- Answers of the provider's geocoder (campo_server::geocode), kept so that one address is
-- asked once: `query` is the address folded (case, accents, spaces), `places` the JSON list
-- found, `[]` when nothing was. Append-only: never edit this file once shipped.
CREATE TABLE geocode_cache (
    query    TEXT PRIMARY KEY,
    places   TEXT NOT NULL,
    asked_at TEXT NOT NULL
);
