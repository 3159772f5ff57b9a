-- A person whose role changed signs in again with the new role: what their device holds was
-- chosen for the old one (a technician's own orders, or the office's everything), so it loads
-- its data again from the server on the next round.
ALTER TABLE device ADD COLUMN reload_wanted INTEGER NOT NULL DEFAULT 0;
