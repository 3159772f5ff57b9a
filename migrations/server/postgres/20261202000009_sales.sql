-- Sales as the server judges them: whose each is, where it stands, and its version (every
-- submission and decision moves it on; a change made on an older version is refused, naming
-- who moved it). The approval's order is kept so the order it opens is accepted once.
CREATE TABLE sales (
    id          TEXT PRIMARY KEY,
    seller_id   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('in_analysis','rejected','approved')),
    version     INTEGER NOT NULL,
    moved_by    TEXT NOT NULL,
    order_id    TEXT
);
CREATE INDEX sales_seller ON sales(seller_id);

-- Atendimento (N1) joins the roles (and finance, for the payment follow-up to come).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('technician','coordinator','sva_manager','backoffice','seller','support','finance','stock_keeper','admin'));

-- Customers' calls as the server judges them: where each stands (a step taken from another
-- status than this one is refused).
CREATE TABLE support_calls (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('n1','n2','solved','visit'))
);
