-- Refuted gauge readings leave the 5-minute rollup (issue 18): a reading the typhoon-risk
-- processor later refuted as a sensor fault (its flagged copy in water_levels, quality =
-- 'refuted', 0016) stayed in the bucket's highest, lowest and last level, in gauge_levels_5m's
-- status and on the gauges' history. The rollup is fed at insert, before a reading is judged, and
-- a maximum cannot drop a value once taken: so the bucket now keeps each reading's level by its
-- time and the times refuted, and the view reads the levels not refuted (as 0044 did for weather).
-- Keyed by time, both stay exact when a reading is stored twice, in either order.
ALTER TABLE water_levels_5m ADD COLUMN IF NOT EXISTS level_by_ts AggregateFunction(maxMap, Array(UInt64), Array(Float64)) COMMENT 'State: level (metres) keyed by reading time (unix milliseconds); read through gauge_levels_5m, which leaves out the refuted ones.';

ALTER TABLE water_levels_5m ADD COLUMN IF NOT EXISTS refuted_ts AggregateFunction(groupUniqArrayArray, Array(UInt64)) COMMENT 'State: reading times (unix milliseconds) refuted as sensor faults (water_levels.quality = ''refuted'').';

ALTER TABLE water_levels_5m COMMENT COLUMN level_max 'Highest level in the bucket, metres, refuted readings included (the rollup takes it before they are judged): read gauge_levels_5m.';

ALTER TABLE water_levels_5m COMMENT COLUMN level_min 'Lowest level in the bucket, metres, refuted readings included: read gauge_levels_5m.';

ALTER TABLE water_levels_5m COMMENT COLUMN level_last 'State: the latest level in the bucket by event time (argMaxMerge), refuted readings included: read gauge_levels_5m.';

ALTER TABLE water_levels_5m COMMENT COLUMN readings 'State: distinct reading times in the bucket (uniqExactMerge), refuted readings included: read gauge_levels_5m.';

ALTER TABLE water_levels_5m_mv MODIFY QUERY
SELECT
    gauge_id,
    toStartOfFiveMinutes(ts) AS bucket,
    max(level_m) AS level_max,
    min(level_m) AS level_min,
    argMaxState(level_m, ts) AS level_last,
    uniqExactState(ts) AS readings,
    maxMapState([toUInt64(toUnixTimestamp64Milli(ts))], [level_m]) AS level_by_ts,
    groupUniqArrayArrayState(if(quality = 'refuted', [toUInt64(toUnixTimestamp64Milli(ts))], CAST([] AS Array(UInt64)))) AS refuted_ts
FROM water_levels
GROUP BY gauge_id, bucket;

-- The buckets stored before this migration, once more with every state (duplicate-proof: max,
-- min, argMax, uniqExact and the new states merge with what is there to the same values).
INSERT INTO water_levels_5m (gauge_id, bucket, level_max, level_min, level_last, readings, level_by_ts, refuted_ts)
SELECT
    gauge_id,
    toStartOfFiveMinutes(ts) AS bucket,
    max(level_m) AS level_max,
    min(level_m) AS level_min,
    argMaxState(level_m, ts) AS level_last,
    uniqExactState(ts) AS readings,
    maxMapState([toUInt64(toUnixTimestamp64Milli(ts))], [level_m]) AS level_by_ts,
    groupUniqArrayArrayState(if(quality = 'refuted', [toUInt64(toUnixTimestamp64Milli(ts))], CAST([] AS Array(UInt64)))) AS refuted_ts
FROM water_levels
GROUP BY gauge_id, bucket;

CREATE OR REPLACE VIEW gauge_levels_5m
(
    gauge_id          String COMMENT 'Gauge id.',
    name              String COMMENT 'Gauge name.',
    district          String COMMENT 'District code of the gauge.',
    kind              String COMMENT 'river, tide, canal or underpass.',
    bucket            DateTime('Asia/Shanghai') COMMENT 'Start of the 5-minute bucket.',
    level_max_m       Float64 COMMENT 'Highest level in the bucket, metres above the gauge datum; readings refuted as sensor faults left out.',
    level_min_m       Float64 COMMENT 'Lowest level in the bucket, metres; refuted readings left out.',
    level_last_m      Float64 COMMENT 'Latest level in the bucket, metres; refuted readings left out.',
    readings          UInt64 COMMENT 'Distinct readings in the bucket, refuted ones left out.',
    warning_level_m   Float64 COMMENT '警戒水位 of the gauge, metres (registry value now; NaN for a gauge not in the registry).',
    guarantee_level_m Float64 COMMENT '保证水位 of the gauge, metres (registry value now; NaN for a gauge not in the registry).',
    status            String COMMENT 'normal, warning (level_max at or above warning) or guarantee (at or above guarantee).'
)
AS SELECT
    l.gauge_id AS gauge_id,
    g.name AS name,
    g.district AS district,
    g.kind AS kind,
    l.bucket AS bucket,
    l.level_max_m AS level_max_m,
    l.level_min_m AS level_min_m,
    l.level_last_m AS level_last_m,
    l.readings AS readings,
    if(g.gauge_id = '', nan, g.warning_level_m) AS warning_level_m,
    if(g.gauge_id = '', nan, g.guarantee_level_m) AS guarantee_level_m,
    multiIf(level_max_m >= guarantee_level_m, 'guarantee', level_max_m >= warning_level_m, 'warning', 'normal') AS status
FROM
(
    -- maxMap's keys come sorted: the last level kept is the latest.
    SELECT gauge_id, bucket,
           arrayFilter((v, t) -> NOT has(refuted, t), levels.2, levels.1) AS kept,
           arrayMax(kept) AS level_max_m,
           arrayMin(kept) AS level_min_m,
           kept[length(kept)] AS level_last_m,
           toUInt64(length(kept)) AS readings
    FROM
    (
        SELECT gauge_id, bucket, maxMapMerge(level_by_ts) AS levels, groupUniqArrayArrayMerge(refuted_ts) AS refuted
        FROM water_levels_5m
        GROUP BY gauge_id, bucket
    )
    WHERE notEmpty(kept)
) AS l
LEFT JOIN gauges_current AS g ON g.gauge_id = l.gauge_id
SETTINGS join_use_nulls = 0
COMMENT 'Gauge levels per 5 minutes with the gauge thresholds and status, readings refuted as sensor faults left out. Grain: one row per (gauge, 5-minute bucket) with at least one reading not refuted.';
