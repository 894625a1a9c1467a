-- The rollup views name their gauges, stations and shelters by joining the *_current registry
-- views instead of calling dictionaries. A dictionary is loaded at its first use and then only
-- refreshed every LIFETIME seconds: the live screens query these views from the moment the
-- main job starts, before the registries have arrived on Kafka, so the dictionaries were
-- loaded empty and every station had no district and no position (the weather panel and the
-- storm track stayed empty). A join reads the registry as it is now, on every query.

CREATE OR REPLACE VIEW gauge_levels_5m
(
    gauge_id          String COMMENT 'Gauge id.',
    name              String COMMENT 'Gauge name.',
    district          String COMMENT 'District code of the gauge.',
    kind              String COMMENT 'river, tide, canal or underpass.',
    bucket            DateTime('Asia/Shanghai') COMMENT 'Start of the 5-minute bucket.',
    level_max_m       Float64 COMMENT 'Highest level in the bucket, metres above the gauge datum.',
    level_min_m       Float64 COMMENT 'Lowest level in the bucket, metres.',
    level_last_m      Float64 COMMENT 'Latest level in the bucket, metres.',
    readings          UInt64 COMMENT 'Distinct readings in the bucket.',
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
    SELECT gauge_id, bucket, max(level_max) AS level_max_m, min(level_min) AS level_min_m,
           argMaxMerge(level_last) AS level_last_m, uniqExactMerge(readings) AS readings
    FROM water_levels_5m
    GROUP BY gauge_id, bucket
) AS l
LEFT JOIN gauges_current AS g ON g.gauge_id = l.gauge_id
SETTINGS join_use_nulls = 0
COMMENT 'Gauge levels per 5 minutes with the gauge thresholds and status. Grain: one row per (gauge, 5-minute bucket) with at least one reading.';

CREATE OR REPLACE VIEW weather_hourly
(
    station_id    String COMMENT 'Weather station id.',
    district      String COMMENT 'District code of the station (empty for a station not in the registry).',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of the hour.',
    wind_max_ms   Nullable(Float64) COMMENT 'Highest 2-minute mean wind in the hour, m/s.',
    gust_max_ms   Nullable(Float64) COMMENT 'Highest gust in the hour, m/s.',
    rain_mm       Float64 COMMENT 'Rain in the hour, mm (sum over the observations, each once).',
    pressure_min  Nullable(Float64) COMMENT 'Lowest pressure in the hour, hPa.',
    temp_max_c    Nullable(Float64) COMMENT 'Highest temperature, degrees Celsius.',
    temp_min_c    Nullable(Float64) COMMENT 'Lowest temperature, degrees Celsius.',
    observations  UInt64 COMMENT 'Distinct observations in the hour (12 when none is missing).'
)
AS SELECT
    w.station_id AS station_id,
    s.district AS district,
    w.hour AS hour,
    w.wind_max_ms AS wind_max_ms,
    w.gust_max_ms AS gust_max_ms,
    w.rain_mm AS rain_mm,
    w.pressure_min AS pressure_min,
    w.temp_max_c AS temp_max_c,
    w.temp_min_c AS temp_min_c,
    w.observations AS observations
FROM
(
    SELECT station_id, hour,
           max(wind_max_ms) AS wind_max_ms,
           max(gust_max_ms) AS gust_max_ms,
           arraySum(maxMapMerge(rain_by_ts).2) AS rain_mm,
           min(pressure_min) AS pressure_min,
           max(temp_max_c) AS temp_max_c,
           min(temp_min_c) AS temp_min_c,
           uniqExactMerge(observations) AS observations
    FROM weather_station_hourly
    GROUP BY station_id, hour
) AS w
LEFT JOIN stations_current AS s ON s.station_id = w.station_id
SETTINGS join_use_nulls = 0
COMMENT 'Weather per station and hour. Grain: one row per (station, hour) with at least one observation.';

CREATE OR REPLACE VIEW shelter_occupancy_hourly
(
    shelter_id    String COMMENT 'Shelter id.',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of an hour with at least one check-in or check-out.',
    check_ins     UInt64 COMMENT 'People checked in during the hour.',
    check_outs    UInt64 COMMENT 'People checked out during the hour.',
    occupancy     Int64 COMMENT 'People in the shelter at the end of the hour (holds until the next row).',
    capacity      UInt32 COMMENT 'Places, persons (registry value now; 0 for a shelter not in the registry).'
)
AS SELECT
    h.shelter_id AS shelter_id,
    h.hour AS hour,
    h.check_ins AS check_ins,
    h.check_outs AS check_outs,
    h.occupancy AS occupancy,
    s.capacity AS capacity
FROM
(
    SELECT shelter_id, hour, check_ins, check_outs,
           sum(toInt64(check_ins) - toInt64(check_outs)) OVER (PARTITION BY shelter_id ORDER BY hour ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS occupancy
    FROM
    (
        SELECT shelter_id, toStartOfHour(ts) AS hour,
               sumIf(people, action = 'check_in') AS check_ins,
               sumIf(people, action = 'check_out') AS check_outs
        FROM evacuation_events FINAL
        WHERE action IN ('check_in', 'check_out')
        GROUP BY shelter_id, hour
    )
) AS h
LEFT JOIN shelters_current AS s ON s.shelter_id = h.shelter_id
SETTINGS join_use_nulls = 0
COMMENT 'Shelter occupancy over time: one row per (shelter, hour with movement); occupancy holds until the next row.';
