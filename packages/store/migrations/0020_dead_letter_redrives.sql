-- Dead letters re-published to their source topic after their cause was fixed (issue 21). The
-- re-drive command and the duty officer's API route record each letter they re-drive here and
-- skip the ones already recorded, so re-driving the same selection twice publishes it once; a
-- copy published twice anyway (a crash between publishing and recording) lands on the raw and
-- derived tables' own keys, so it still counts once.
CREATE TABLE IF NOT EXISTS dead_letter_redrives
(
    topic       LowCardinality(String) COMMENT 'Source topic of the dead letter (it was read from <topic>.dlq and re-published here).',
    partition   UInt16 COMMENT 'Kafka partition of the original message in its source topic (dead_letters.partition).',
    offset      UInt64 COMMENT 'Kafka offset of the original message in its source topic (dead_letters.offset).',
    code        LowCardinality(String) COMMENT 'Why it had been dead-lettered: the contracts decode error code, e.g. unknown_id.',
    redriven_at DateTime64(3, 'Asia/Shanghai') COMMENT 'When it was re-published (wall clock).',
    redriven_by LowCardinality(String) COMMENT 'Who asked: the API token key of a duty officer, or cli:<user> for the command.'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(redriven_at)
ORDER BY (topic, partition, offset)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Dead letters re-driven to their source topic. Grain: one row per original message (topic, partition, offset) after merges. Source: the re-drive command (packages/processors/src/cli/redrive.ts) and POST /api/admin/redrive.';

-- The reason codes of dead_letters include unknown_id (an id no registry held within the grace
-- period, or a district off the code list); the column comment predates it.
ALTER TABLE dead_letters COMMENT COLUMN code 'Why: empty, malformed_json, invalid, or unknown_id (a household, station, gauge or shelter its registry did not hold within the grace period, or a district not in the districts table): the contracts decode error code. unknown_id and invalid ones can be re-driven once fixed (dead_letter_redrives).';
