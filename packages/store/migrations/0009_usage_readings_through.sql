-- What each hourly usage row had taken in. A utility processor that takes over a partition
-- seeds its households' stored hours and replays its input from the last commit: with these it
-- adds to a stored hour only the readings the hour had not taken (a store-and-forward batch that
-- arrived after the hand-over), and never a replayed one twice.
ALTER TABLE household_usage_hourly ADD COLUMN IF NOT EXISTS water_reading_through Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Newest water reading of the household taken in when the row was written: one up to it is counted in the row already (or came too late to count); a later one may still change it. 1970-01-01 08:00: none yet. NULL: rows written before this column.';

ALTER TABLE household_usage_hourly ADD COLUMN IF NOT EXISTS electricity_reading_through Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Newest electricity reading of the household taken in when the row was written, as water_reading_through.';
