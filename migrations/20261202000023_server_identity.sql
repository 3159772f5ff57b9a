-- Which server this device joined (its id, as the server says at sign-in and hello): the
-- device sends nothing to another server answering at the same address.
ALTER TABLE sync_config ADD COLUMN server_id TEXT;
