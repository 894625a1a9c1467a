-- Each household's learnt model as a snapshot (issue 17): a partition assignment reads these and
-- the hourly rows written after each, not 14 days of household_usage_hourly. Why a table and not
-- a compacted topic: the restore already reads the store (open alerts, the hourly rows a snapshot
-- does not hold yet) scoped to the partition by kafkaMurmurHash, so one engine answers it, and the
-- fallback (no snapshot, or one of another format) is the same query.
CREATE TABLE IF NOT EXISTS utility_state_snapshots
(
    household_id String COMMENT 'Household id (households.household_id).',
    format       UInt8 COMMENT 'Snapshot layout (SNAPSHOT_VERSION in packages/analytics/src/utility/snapshot.ts). A restore ignores other formats and reads the hourly rows instead.',
    version      UInt64 COMMENT 'The detector step (event time, epoch ms) when taken: household_usage_hourly rows at or above it may be newer than the snapshot and are read with it.',
    snapshot     String COMMENT 'The snapshot, base64: the household''s closed hours over the learning window (values as household_usage_hourly rounds them, reading counts, in_alert) and its *_reading_through marks.' CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree(version)
ORDER BY household_id
COMMENT 'Utility detector state per household, for restarts and rebalances. Grain: one row per household after merges (read with FINAL). Source: the utility-inactivity processor, written at each commit for the households whose hours changed, after their hourly rows are stored.';
