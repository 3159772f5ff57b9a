-- Visit details of orders (contact phone, notes) as last-writer-wins registers: the value in
-- force, its revision (the server sequence of the edit that set it), that edit's clock and id
-- (ties), and who wrote it. Conflicts get a kind: 'status' (the coordination decides) or
-- 'field' (a record that someone's edit was overridden; nothing to decide).
CREATE TABLE order_fields (
    order_id    TEXT NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT,
    rev         BIGINT NOT NULL,
    hlc         TEXT NOT NULL,
    tie         TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    PRIMARY KEY (order_id, field)
);
ALTER TABLE conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';
