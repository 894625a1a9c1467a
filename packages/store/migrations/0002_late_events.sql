-- Events that arrived after every window they belong to had closed (the stream runtime's
-- late side output). Kept so that nothing is silently dropped and a person can see how late
-- feeds run. One row per input message: a replay overwrites (ReplacingMergeTree on the
-- source coordinates) rather than adds.
CREATE TABLE IF NOT EXISTS late_events
(
    processor   LowCardinality(String),
    topic       LowCardinality(String),
    partition   UInt16,
    offset      UInt64,
    event_time  DateTime64(3, 'UTC'),
    watermark   Nullable(DateTime64(3, 'UTC')),
    payload     String CODEC(ZSTD(3)),
    recorded_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(recorded_at)
PARTITION BY toYYYYMM(event_time)
ORDER BY (processor, topic, partition, offset)
SETTINGS non_replicated_deduplication_window = 10000;
