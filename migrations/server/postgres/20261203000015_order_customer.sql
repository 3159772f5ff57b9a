-- Each order's customer, so the server finds the technicians holding a customer's orders (a
-- customer's edit reaches them) without reading every order's creation. Filled from the log
-- for the orders already known. Append-only: never edit this file once shipped.
ALTER TABLE orders ADD COLUMN customer_id TEXT;
UPDATE orders SET customer_id = (
    -- Read as text, not parsed as JSON: a payload may hold \u0000, which PostgreSQL's JSON
    -- functions refuse; the key and the UUID are matched as written.
    SELECT substring(o.payload from '"customerId"\s*:\s*"([0-9a-fA-F-]+)"') FROM ops o
    WHERE o.entity = 'work_order' AND o.entity_id = orders.id AND o.kind = 'order.create'
    ORDER BY o.server_seq LIMIT 1);
CREATE INDEX orders_customer ON orders(customer_id);
