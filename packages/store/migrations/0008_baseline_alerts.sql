-- Alerts of the two baseline inactivity rules onegrid's detector is measured against (the
-- two-day rule and the fixed 0.01 m3 / 12 h threshold). They run only when asked for (the
-- scoring script), never reach onegrid.alerts or the gateway, and are kept here so that analysts
-- can compare detectors on the same data.
CREATE TABLE IF NOT EXISTS baseline_alerts
(
    detector    LowCardinality(String) COMMENT 'Which baseline raised it: two_day or fixed_threshold.',
    alert_id    String COMMENT 'Alert id, as onegrid.alerts ids: type, subject and since.',
    type        LowCardinality(String) COMMENT 'Always utility_inactivity.',
    severity    LowCardinality(String) COMMENT 'Severity the baseline gave it (warning, or critical for a vulnerable person living alone).',
    status      LowCardinality(String) COMMENT 'open while the condition holds, resolved when it ended.',
    subject     String COMMENT 'Household id.',
    district    LowCardinality(String) COMMENT 'District code (districts.code).',
    grid        LowCardinality(String) COMMENT 'Grid (网格) id of the household.',
    since       DateTime64(3, 'Asia/Shanghai') COMMENT 'When the condition began (event time).',
    detected_at DateTime64(3, 'Asia/Shanghai') COMMENT 'Event time the stream had reached (watermark) when the baseline raised this status.',
    evidence    String COMMENT 'What the rule saw, JSON object text (no personal data).' CODEC(ZSTD(3)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.'
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(since)
ORDER BY (detector, alert_id, status)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Inactivity alerts of the baseline rules, for comparing detectors. Grain: one row per (detector, alert_id, status). Source: the utility baseline processors, run by the scoring script.';
