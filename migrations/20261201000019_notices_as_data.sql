-- Notices are kept as data — which field, whether the person's edit stood until someone
-- changed it after them, the value in force, who changed it — and worded when shown, in the
-- reader's language. `message` keeps the pt-BR sentence of notices written before this
-- version; the store turns those it can read back into data when it opens.
ALTER TABLE order_notices ADD COLUMN field TEXT;
ALTER TABLE order_notices ADD COLUMN applied INTEGER;
ALTER TABLE order_notices ADD COLUMN kept TEXT;
ALTER TABLE order_notices ADD COLUMN by_name TEXT;
