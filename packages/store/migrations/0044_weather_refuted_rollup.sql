-- Refuted weather values leave the hourly rollup (issue 18): a refuted gust still showed in the
-- hourly maximum and on the big screen's 风力 · 雨量 panel. The rollup is fed at insert, before a
-- value is judged, and a maximum cannot drop a value once taken: so the hour now keeps each
-- observation's wind and gust by its time (as rain already was) and the times whose values the
-- typhoon-risk processor refuted (its flagged copy of the observation, 0016), and the views read
-- the values not refuted. Keyed by time, both stay exact when an observation is stored twice.
ALTER TABLE weather_station_hourly ADD COLUMN IF NOT EXISTS wind_by_ts AggregateFunction(maxMap, Array(UInt32), Array(Float64)) COMMENT 'State: 2-minute mean wind (m/s) keyed by observation time (unix seconds); read through weather_hourly, which leaves out the refuted ones.';

ALTER TABLE weather_station_hourly ADD COLUMN IF NOT EXISTS gust_by_ts AggregateFunction(maxMap, Array(UInt32), Array(Float64)) COMMENT 'State: gust (m/s) keyed by observation time (unix seconds); read through weather_hourly, which leaves out the refuted ones.';

ALTER TABLE weather_station_hourly ADD COLUMN IF NOT EXISTS refuted_ts AggregateFunction(groupUniqArrayArray, Array(Tuple(String, UInt32))) COMMENT 'State: (field, observation time) of every value refuted as an instrument fault (weather_observations.refuted_fields).';

ALTER TABLE weather_station_hourly COMMENT COLUMN wind_max_ms 'Highest 2-minute mean wind, m/s, refuted values included (the rollup takes it before they are judged): read weather_hourly.';

ALTER TABLE weather_station_hourly COMMENT COLUMN gust_max_ms 'Highest gust, m/s, refuted values included (the rollup takes it before they are judged): read weather_hourly.';

ALTER TABLE weather_station_hourly_mv MODIFY QUERY
SELECT
    station_id,
    toStartOfHour(ts - INTERVAL 1 MILLISECOND) AS hour,
    max(wind_speed_ms) AS wind_max_ms,
    max(wind_gust_ms) AS gust_max_ms,
    min(pressure_hpa) AS pressure_min,
    max(temp_c) AS temp_max_c,
    min(temp_c) AS temp_min_c,
    maxMapState(
        if(rain_mm IS NULL, CAST([] AS Array(UInt32)), [toUInt32(toUnixTimestamp(ts))]),
        if(rain_mm IS NULL, CAST([] AS Array(Float64)), [assumeNotNull(rain_mm)])
    ) AS rain_by_ts,
    uniqExactState(ts) AS observations,
    maxMapState(
        if(wind_speed_ms IS NULL, CAST([] AS Array(UInt32)), [toUInt32(toUnixTimestamp(ts))]),
        if(wind_speed_ms IS NULL, CAST([] AS Array(Float64)), [assumeNotNull(wind_speed_ms)])
    ) AS wind_by_ts,
    maxMapState(
        if(wind_gust_ms IS NULL, CAST([] AS Array(UInt32)), [toUInt32(toUnixTimestamp(ts))]),
        if(wind_gust_ms IS NULL, CAST([] AS Array(Float64)), [assumeNotNull(wind_gust_ms)])
    ) AS gust_by_ts,
    groupUniqArrayArrayState(
        arrayMap(f -> (toString(f), toUInt32(toUnixTimestamp(ts))), refuted_fields)
    ) AS refuted_ts
FROM weather_observations
GROUP BY station_id, hour;

-- The hours stored before this migration, once more with the new states (duplicate-proof: the
-- states merge with those of observations stored meanwhile).
INSERT INTO weather_station_hourly (station_id, hour, wind_by_ts, gust_by_ts, refuted_ts)
SELECT
    station_id,
    toStartOfHour(ts - INTERVAL 1 MILLISECOND) AS hour,
    maxMapState(
        if(wind_speed_ms IS NULL, CAST([] AS Array(UInt32)), [toUInt32(toUnixTimestamp(ts))]),
        if(wind_speed_ms IS NULL, CAST([] AS Array(Float64)), [assumeNotNull(wind_speed_ms)])
    ) AS wind_by_ts,
    maxMapState(
        if(wind_gust_ms IS NULL, CAST([] AS Array(UInt32)), [toUInt32(toUnixTimestamp(ts))]),
        if(wind_gust_ms IS NULL, CAST([] AS Array(Float64)), [assumeNotNull(wind_gust_ms)])
    ) AS gust_by_ts,
    groupUniqArrayArrayState(
        arrayMap(f -> (toString(f), toUInt32(toUnixTimestamp(ts))), refuted_fields)
    ) AS refuted_ts
FROM weather_observations
GROUP BY station_id, hour;

CREATE OR REPLACE VIEW weather_hourly
(
    station_id    String COMMENT 'Weather station id.',
    district      String COMMENT 'District code of the station (empty for a station not in the registry).',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of the hour.',
    wind_max_ms   Nullable(Float64) COMMENT 'Highest 2-minute mean wind in the hour, m/s; values refuted as instrument faults left out.',
    gust_max_ms   Nullable(Float64) COMMENT 'Highest gust in the hour, m/s; values refuted as instrument faults left out.',
    rain_mm       Float64 COMMENT 'Rain in the hour, mm (sum over the observations, each once; values refuted as instrument faults left out).',
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
           arrayFilter((v, t) -> NOT has(refuted, ('wind_speed_ms', t)), wind.2, wind.1) AS winds,
           arrayFilter((v, t) -> NOT has(refuted, ('wind_gust_ms', t)), gust.2, gust.1) AS gusts,
           if(empty(winds), NULL, arrayMax(winds)) AS wind_max_ms,
           if(empty(gusts), NULL, arrayMax(gusts)) AS gust_max_ms,
           arraySum(arrayFilter((v, t) -> NOT has(refuted, ('rain_mm', t)), rain.2, rain.1)) AS rain_mm,
           pressure_min, temp_max_c, temp_min_c, observations
    FROM
    (
        SELECT station_id, hour,
               maxMapMerge(wind_by_ts) AS wind,
               maxMapMerge(gust_by_ts) AS gust,
               maxMapMerge(rain_by_ts) AS rain,
               groupUniqArrayArrayMerge(refuted_ts) AS refuted,
               min(pressure_min) AS pressure_min,
               max(temp_max_c) AS temp_max_c,
               min(temp_min_c) AS temp_min_c,
               uniqExactMerge(observations) AS observations
        FROM weather_station_hourly
        GROUP BY station_id, hour
    )
) AS w
LEFT JOIN stations_current AS s ON s.station_id = w.station_id
SETTINGS join_use_nulls = 0
COMMENT 'Weather per station and hour, instrument faults left out (weather_observations.refuted_fields). Grain: one row per (station, hour) with at least one observation.';
