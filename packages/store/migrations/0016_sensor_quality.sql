-- Sensor faults kept apart from water and weather (issue 20). The typhoon-risk processor refutes a
-- reading no gauge or station can make (out of range, or a jump the next readings undid) and
-- stores it again with these columns set: the newer row replaces the archive's (ReplacingMergeTree
-- on ingested_at), so `FINAL` reads it flagged; nothing onegrid computes used it.
ALTER TABLE water_levels ADD COLUMN IF NOT EXISTS quality LowCardinality(String) DEFAULT 'ok' COMMENT 'ok, or refuted: a sensor fault, not water (the typhoon model never used it). Read levels with quality = ''ok''.';

ALTER TABLE water_levels ADD COLUMN IF NOT EXISTS refuted_reason LowCardinality(String) DEFAULT '' COMMENT 'Why a reading was refuted: out_of_range (no water there reaches it) or jump (faster than water moves there, undone by the next readings). Empty when quality = ''ok''.';

ALTER TABLE weather_observations ADD COLUMN IF NOT EXISTS refuted_fields Array(LowCardinality(String)) DEFAULT [] COMMENT 'Values of the observation refuted as instrument faults (e.g. wind_gust_ms of 99 m/s); the typhoon model read them as missing. Empty: all used.';

ALTER TABLE risk_scores ADD COLUMN IF NOT EXISTS weather_missing UInt8 DEFAULT 0 COMMENT '1: the district has weather stations and none reported within 30 min; the score rests on the other feeds (degraded). 0 also for scores stored before this column.';

ALTER TABLE risk_scores ADD COLUMN IF NOT EXISTS water_missing UInt8 DEFAULT 0 COMMENT '1: the district has gauges and none reported within 30 min; the score rests on the other feeds (degraded).';

ALTER TABLE alerts COMMENT COLUMN type 'utility_inactivity, water_running, meter_offline, water_level, typhoon_risk, ticket_overdue, gauge_fault (a gauge or station stuck, silent or sending impossible values: maintenance, not a hazard).';
