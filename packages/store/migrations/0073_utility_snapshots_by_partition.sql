-- Snapshots sorted by the Kafka partition of their household (issue 17). A partition assignment
-- reads its households' snapshots: in utility_state_snapshots (0040, ORDER BY household_id) that
-- was `kafkaMurmurHash(household_id) % P = p` over every snapshot of the city with FINAL (at 1M
-- households, 3.4 of the 5.2 CPU-s of restoring 1 of 24 partitions went to keeping a 24th).
-- Here the sorting key leads with a bucket of the hash modulo 1440, numbered so that each
-- partition of 6, 12, 24, 48 or 96 is one contiguous run of buckets: the digits of the hash
-- modulo 6, then which half of 12, of 24, of 48, of 96, then modulo 1440 (a mixed-radix
-- number, most significant first). Partition p of P holds the hashes h with h % P = p, which
-- for those P fixes the leading digits: one range of the primary key, its granules alone read.
-- Any other P dividing 1440 selects its buckets by primary key too, in several runs. Both
-- columns MATERIALIZED: the writer sends the same four columns as before.
CREATE TABLE IF NOT EXISTS utility_snapshots_by_partition
(
    murmur_1440  UInt16 MATERIALIZED kafkaMurmurHash(household_id) % 1440 COMMENT 'Kafka''s default partitioner of the household id (murmur2, sign bit cleared) modulo 1440: its partition of P is this modulo P, for P dividing 1440.',
    bucket       UInt16 MATERIALIZED ((((murmur_1440 % 6) * 2 + intDiv(murmur_1440 % 12, 6)) * 2 + intDiv(murmur_1440 % 24, 12)) * 2 + intDiv(murmur_1440 % 48, 24)) * 2 * 15 + intDiv(murmur_1440 % 96, 48) * 15 + intDiv(murmur_1440, 96) COMMENT 'murmur_1440 renumbered (0 to 1439) so that each Kafka partition of 6, 12, 24, 48 or 96 is one run of buckets: digits murmur_1440 % 6, then intDiv of it modulo 12, 24, 48, 96 by the one before, then intDiv(murmur_1440, 96).',
    household_id String COMMENT 'Household id (households.household_id).',
    format       UInt8 COMMENT 'Snapshot layout (SNAPSHOT_VERSION in packages/analytics/src/utility/snapshot.ts). A restore ignores other formats and reads the hourly rows instead.',
    version      UInt64 COMMENT 'The detector step (event time, epoch ms) when taken: household_usage_hourly rows at or above it may be newer than the snapshot and are read with it.',
    snapshot     String COMMENT 'The snapshot, base64: the household''s closed hours over the learning window (values as household_usage_hourly rounds them, reading counts, in_alert) and its *_reading_through marks.' CODEC(ZSTD(1))
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (bucket, household_id)
COMMENT 'Utility detector state per household, for restarts and rebalances, sorted by Kafka partition (bucket). Grain: one row per household after merges (read with FINAL). Source: the utility-inactivity processor, written at each commit for the households whose hours changed, after their hourly rows are stored.';

-- The snapshots stored before (re-run after a crash, the copies collapse: same key, same version).
INSERT INTO utility_snapshots_by_partition (household_id, format, version, snapshot)
SELECT household_id, format, version, snapshot FROM utility_state_snapshots FINAL;

ALTER TABLE utility_state_snapshots MODIFY COMMENT 'Retired by migration 0073 (utility_snapshots_by_partition, sorted by Kafka partition): no longer written or read, kept for history. Utility detector state per household, as written before 0073.';
