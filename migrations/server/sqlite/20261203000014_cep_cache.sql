-- Answers of the provider's CEP lookup (campo_server::cep), kept so that one CEP is asked
-- once: `place` is the JSON the forms fill in, NULL when the service did not know the CEP
-- (asked again after a week: new CEPs appear). Append-only: never edit this file once shipped.
CREATE TABLE cep_cache (
    cep      TEXT PRIMARY KEY,
    place    TEXT,
    asked_at TEXT NOT NULL
);
