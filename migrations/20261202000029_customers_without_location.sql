-- A customer may be without a location yet (imported from an ERP that has no coordinates):
-- latitude and longitude both, or neither. Those without are listed to be placed on the map,
-- and route planning names them instead of placing them anywhere. SQLite changes a check by
-- rebuilding the table (foreign keys are off while migrations run, and checked after).
CREATE TABLE customers_new (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    cpf             TEXT CHECK (cpf IS NULL OR length(cpf) = 11),
    email           TEXT,
    mother_name     TEXT,
    birth_date      TEXT,
    phone1          TEXT NOT NULL,
    phone2          TEXT,
    cep             TEXT NOT NULL CHECK (length(cep) = 8),
    street          TEXT NOT NULL,
    number          TEXT NOT NULL,
    complement      TEXT,
    neighbourhood   TEXT NOT NULL,
    city            TEXT NOT NULL,
    uf              TEXT NOT NULL CHECK (length(uf) = 2),
    lat             REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon             REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    created_at      TEXT NOT NULL,
    reference       TEXT,
    external_id     TEXT,
    CHECK ((lat IS NULL) = (lon IS NULL))
);
INSERT INTO customers_new (id, name, cpf, email, mother_name, birth_date, phone1, phone2, cep, street, number,
                           complement, neighbourhood, city, uf, lat, lon, created_at, reference, external_id)
    SELECT id, name, cpf, email, mother_name, birth_date, phone1, phone2, cep, street, number,
           complement, neighbourhood, city, uf, lat, lon, created_at, reference, external_id
    FROM customers;
DROP TABLE customers;
ALTER TABLE customers_new RENAME TO customers;
CREATE UNIQUE INDEX customers_cpf ON customers(cpf) WHERE cpf IS NOT NULL;
CREATE UNIQUE INDEX customers_external_id ON customers(external_id) WHERE external_id IS NOT NULL;
CREATE INDEX customers_unlocated ON customers(name) WHERE lat IS NULL;
CREATE TRIGGER customer_place_change AFTER UPDATE OF city, uf ON customers BEGIN
    UPDATE order_deadlines SET year = 0
    WHERE order_id IN (SELECT id FROM work_orders WHERE customer_id = NEW.id);
END;
