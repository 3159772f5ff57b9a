-- Records brought in from a provider's ERP keep their id there, so a new export updates them
-- instead of creating them again (the file import, the IXC connector).
ALTER TABLE customers ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX customers_external_id ON customers(external_id) WHERE external_id IS NOT NULL;
ALTER TABLE plans ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX plans_external_id ON plans(external_id) WHERE external_id IS NOT NULL;
ALTER TABLE work_orders ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX work_orders_external_id ON work_orders(external_id) WHERE external_id IS NOT NULL;
