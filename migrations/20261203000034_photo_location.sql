-- Where a photo was taken, kept beside it (never in its file) when the provider's closing
-- rule for the order's kind says so; off by default.
-- Append-only: never edit this file once shipped; add a new migration instead.
ALTER TABLE closing_rules ADD COLUMN photo_location INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_photos ADD COLUMN lat REAL;
ALTER TABLE order_photos ADD COLUMN lon REAL;
