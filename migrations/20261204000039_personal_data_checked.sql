-- The role whose personal-data rule the device last applied (`privacy::forget_unless_allowed`):
-- the store's opening skips the purge while the role is the same, instead of scanning every
-- customer at each opening to find nothing.
ALTER TABLE sync_config ADD COLUMN personal_data_checked_for TEXT;
