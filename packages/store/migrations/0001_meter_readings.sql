-- Raw smart-meter readings, one row per reading as published on city.sensor.meter-readings.
-- `reading` is the cumulative register (m3 or kWh). Replays of the same Kafka offsets
-- collapse on (meter_id, ts) through ReplacingMergeTree, and whole insert blocks are
-- deduplicated by token through non_replicated_deduplication_window.
CREATE TABLE IF NOT EXISTS meter_readings
(
    meter_id      String,
    household_id  String,
    kind          Enum8('water' = 1, 'electricity' = 2),
    ts            DateTime64(3, 'Asia/Shanghai') CODEC(DoubleDelta, ZSTD(1)),
    reading       Float64 CODEC(Gorilla, ZSTD(1)),
    reset         Bool DEFAULT false,
    ingested_at   DateTime64(3, 'UTC') DEFAULT now64(3) CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (kind, meter_id, ts)
SETTINGS non_replicated_deduplication_window = 10000;
