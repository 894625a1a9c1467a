-- A restart reads, for the households of its partition, only the hourly rows written after
-- their snapshots (issue 17): `version >= ` the partition's oldest snapshot. The version is not
-- in the sorting key, so without this index that read scans the whole learning window (14 days,
-- 336 rows a household). Rows are written about an hour after the hour they hold, so a granule's
-- versions span a day or so: the index skips every granule of the days before the oldest
-- snapshot, except the few that hold a late re-emission. With FINAL it is used in the exact mode
-- (use_skip_indexes_if_final_exact_mode), and a filter on the replacing version cannot drop the
-- newest row of a key anyway: only rows older than the bound.
ALTER TABLE household_usage_hourly ADD INDEX IF NOT EXISTS version_minmax version TYPE minmax GRANULARITY 1;

ALTER TABLE household_usage_hourly MATERIALIZE INDEX version_minmax;
