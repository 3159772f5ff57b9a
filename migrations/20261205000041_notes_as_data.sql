-- Nothing worded is kept: an order's conflict record no longer keeps the server's pt-BR
-- sentence (no screen read it; the coordination's inbox words the clash), and a pushed
-- change that clashed now notes the conflict record it made instead of that sentence.
-- A change kept aside (quarantined) notes nothing: its outcome says it all.
ALTER TABLE order_conflicts DROP COLUMN message;
UPDATE outbox SET push_note = NULL WHERE push_outcome IN ('conflict', 'quarantined');
