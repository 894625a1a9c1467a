-- What onegrid publishes (onegrid.alerts, onegrid.risk-scores), kept for history, and the
-- dead letters of every input topic. Written by processors: ReplacingMergeTree keyed on the
-- output identity, so a replay overwrites instead of adding.

CREATE TABLE IF NOT EXISTS alerts
(
    alert_id    String COMMENT 'Alert id: one condition is one alert (open, then resolved with the same id).',
    type        LowCardinality(String) COMMENT 'utility_inactivity, water_running, meter_offline, water_level, typhoon_risk, ticket_overdue.',
    severity    LowCardinality(String) COMMENT 'info (for the record), warning (act within the hour), critical (act now).',
    status      LowCardinality(String) COMMENT 'open while the condition holds, resolved when it ended.',
    subject     String COMMENT 'What the alert is about: a household, meter, gauge, district or ticket id (Kafka key).',
    district    LowCardinality(String) COMMENT 'District code (districts.code).',
    grid        LowCardinality(String) COMMENT 'Grid (网格) id when the subject belongs to one, else empty.',
    since       DateTime64(3, 'Asia/Shanghai') COMMENT 'When the condition began (event time).',
    detected_at DateTime64(3, 'Asia/Shanghai') COMMENT 'Event time the stream had reached (watermark) when onegrid raised this status: the same on a replay.',
    raised_at   Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Wall-clock time onegrid raised this status. NULL: not given.',
    evidence    String COMMENT 'What the detector saw, JSON object text (no personal data). Read with JSONExtract*.' CODEC(ZSTD(3)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.'
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(since)
ORDER BY (type, alert_id, status)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Alerts onegrid raised and resolved. Grain: one row per (alert_id, status) after merges: an alert has an open row and, once over, a resolved row. Source: onegrid.alerts, written by the detectors. Current state: alerts_current.';

CREATE TABLE IF NOT EXISTS risk_scores
(
    district    LowCardinality(String) COMMENT 'District code (districts.code).',
    ts          DateTime64(3, 'Asia/Shanghai') COMMENT 'Event time the score is for.' CODEC(DoubleDelta, ZSTD(1)),
    score       Float64 COMMENT 'Typhoon risk score, 0 (none) to 100.',
    level       LowCardinality(String) COMMENT 'none, blue, yellow, orange, red (China four-level warning colours).',
    wind        Float64 COMMENT 'Wind hazard component, 0 to 1.',
    rain        Float64 COMMENT 'Rain hazard component, 0 to 1.',
    water       Float64 COMMENT 'Water-level hazard component, 0 to 1.',
    exposure    Float64 COMMENT 'People and assets exposed, 0 to 1.',
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.'
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (district, ts)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'District typhoon risk scores. Grain: one row per (district, ts) after merges. Source: onegrid.risk-scores, written by the risk processor.';

CREATE TABLE IF NOT EXISTS dead_letters
(
    topic       LowCardinality(String) COMMENT 'Input topic the message came from (it went to <topic>.dlq).',
    partition   UInt16 COMMENT 'Kafka partition of the message.',
    offset      UInt64 COMMENT 'Kafka offset of the message.',
    received_at DateTime64(3, 'Asia/Shanghai') COMMENT 'When the processor read the message (wall clock): dead letters have no trustworthy event time.',
    code        LowCardinality(String) COMMENT 'Why: empty, malformed_json or invalid (the contracts decode error code).',
    reason      String COMMENT 'One-line reason, e.g. wind_speed_ms: expected number ≤ 100, got 250 (phone-like digits masked by the decoder).',
    bytes       UInt32 COMMENT 'Size of the original message value, bytes. The value itself is not stored: it may hold personal data.',
    processor   LowCardinality(String) COMMENT 'Processor that dead-lettered the message.'
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (topic, partition, offset)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Messages that failed the stream contract (copies of the <topic>.dlq records, without the original bytes). Grain: one row per (topic, partition, offset). Source: the processors decode step.';

CREATE OR REPLACE VIEW alerts_current
(
    alert_id    String COMMENT 'Alert id.',
    type        String COMMENT 'Alert type.',
    severity    String COMMENT 'Severity of the latest status.',
    status      String COMMENT 'open, or resolved once a resolved row exists.',
    subject     String COMMENT 'Household, meter, gauge, district or ticket id.',
    district    String COMMENT 'District code.',
    grid        String COMMENT 'Grid id, or empty.',
    since       DateTime64(3, 'Asia/Shanghai') COMMENT 'When the condition began (event time).',
    opened_at   Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'detected_at of the open row (watermark when raised). NULL: only the resolved row is stored.',
    resolved_at Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'detected_at of the resolved row. NULL: still open.',
    evidence    String COMMENT 'Evidence JSON of the latest status.'
)
AS SELECT
    alert_id,
    argMax(a_type, rank) AS type,
    argMax(a_severity, rank) AS severity,
    argMax(a_status, rank) AS status,
    argMax(a_subject, rank) AS subject,
    argMax(a_district, rank) AS district,
    argMax(a_grid, rank) AS grid,
    min(a_since) AS since,
    minIf(toNullable(a_detected_at), a_status = 'open') AS opened_at,
    maxIf(toNullable(a_detected_at), a_status = 'resolved') AS resolved_at,
    argMax(a_evidence, rank) AS evidence
FROM
(
    SELECT alert_id, type AS a_type, severity AS a_severity, status AS a_status, subject AS a_subject,
           district AS a_district, grid AS a_grid, since AS a_since, detected_at AS a_detected_at,
           evidence AS a_evidence, (status = 'resolved', detected_at) AS rank
    FROM alerts
)
GROUP BY alert_id
COMMENT 'One row per alert: its latest status (resolved wins over open), when it opened and, if over, when it resolved. Exact whatever the merges.';
