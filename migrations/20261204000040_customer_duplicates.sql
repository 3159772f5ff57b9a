-- A customer registered on two devices before they synced (two sales of one CPF approved
-- offline): every device keeps the CPF with the customer registered first (the earlier id)
-- and marks the other as its duplicate, so syncs settle the same way everywhere.
ALTER TABLE customers ADD COLUMN duplicate_of TEXT;
