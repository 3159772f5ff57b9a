-- A change the server refused must not keep its effect here: the device loads its data again
-- from the server after a refusal. The newest refused operation already taken care of is
-- kept (device bookkeeping), so a crash between the refusal and the reload is caught on the
-- next round.
ALTER TABLE device ADD COLUMN realigned_through INTEGER NOT NULL DEFAULT 0;
