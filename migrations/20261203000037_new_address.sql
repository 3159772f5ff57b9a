-- Where an address change moves the customer to (JSON: cep, street, number, complement,
-- neighbourhood, city, uf, reference, lat, lon), from the order's creation. The visit is
-- there; when the order is done the customer's address becomes it.
ALTER TABLE work_orders ADD COLUMN new_address TEXT;
