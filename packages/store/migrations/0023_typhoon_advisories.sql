-- The optional feed city.weather.typhoon-advisories (STREAMS.md): the national typhoon advisory,
-- the storm's observed centre and the official forecast track. Stored raw, one row per
-- advisory, and read latest per storm. Wind radii are columns (r7/r10/r12 per quadrant) and the
-- forecast parallel arrays, so that analysts query them without parsing JSON.

CREATE TABLE IF NOT EXISTS typhoon_advisories
(
    storm_id              LowCardinality(String) COMMENT 'Storm number, e.g. 2614 (Kafka key of the topic).',
    name_zh               String COMMENT 'The storm Chinese name, e.g. 海葵. Empty: not given.',
    ts                    DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the observed centre (event time).',
    lat                   Float64 COMMENT 'Observed centre, WGS-84 latitude, degrees.',
    lon                   Float64 COMMENT 'Observed centre, WGS-84 longitude, degrees.',
    pressure_hpa          Nullable(Float64) COMMENT 'Central pressure, hPa. NULL: not given.',
    max_wind_ms           Nullable(Float64) COMMENT 'Maximum sustained wind near the centre, m/s. NULL: not given.',
    category              LowCardinality(String) COMMENT 'tropical_depression, tropical_storm, severe_tropical_storm, typhoon, strong_typhoon or super_typhoon. Empty: not given.',
    move_dir_deg          Nullable(Float64) COMMENT 'Heading, degrees clockwise from north. NULL: not given.',
    move_speed_kmh        Nullable(Float64) COMMENT 'Translation speed, km/h. NULL: not given.',
    r7_ne_km              Nullable(Float64) COMMENT 'Radius of Beaufort 7 winds (7级风圈) in the north-east quadrant, km. NULL: not given.',
    r7_se_km              Nullable(Float64) COMMENT '7级风圈, south-east quadrant, km.',
    r7_sw_km              Nullable(Float64) COMMENT '7级风圈, south-west quadrant, km.',
    r7_nw_km              Nullable(Float64) COMMENT '7级风圈, north-west quadrant, km.',
    r10_ne_km             Nullable(Float64) COMMENT 'Radius of Beaufort 10 winds (10级风圈), north-east quadrant, km. NULL: not given.',
    r10_se_km             Nullable(Float64) COMMENT '10级风圈, south-east quadrant, km.',
    r10_sw_km             Nullable(Float64) COMMENT '10级风圈, south-west quadrant, km.',
    r10_nw_km             Nullable(Float64) COMMENT '10级风圈, north-west quadrant, km.',
    r12_ne_km             Nullable(Float64) COMMENT 'Radius of Beaufort 12 winds (12级风圈), north-east quadrant, km. NULL: not given.',
    r12_se_km             Nullable(Float64) COMMENT '12级风圈, south-east quadrant, km.',
    r12_sw_km             Nullable(Float64) COMMENT '12级风圈, south-west quadrant, km.',
    r12_nw_km             Nullable(Float64) COMMENT '12级风圈, north-west quadrant, km.',
    forecast_ts           Array(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Forecast times, in order. Empty: no forecast.',
    forecast_lat          Array(Float64) COMMENT 'Forecast centre latitude at each forecast_ts, degrees.',
    forecast_lon          Array(Float64) COMMENT 'Forecast centre longitude at each forecast_ts, degrees.',
    forecast_pressure_hpa Array(Nullable(Float64)) COMMENT 'Forecast central pressure at each forecast_ts, hPa (NULL: not given).',
    forecast_max_wind_ms  Array(Nullable(Float64)) COMMENT 'Forecast maximum wind at each forecast_ts, m/s (NULL: not given).',
    ingested_at           DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.'
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(ts)
ORDER BY (storm_id, ts)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'National typhoon advisories (台风公报). Grain: one row per (storm, advisory time) after merges; a repeated advisory collapses. Source: city.weather.typhoon-advisories via the archive processor (an optional feed: the table may stay empty).';

CREATE OR REPLACE VIEW typhoon_advisories_latest
(
    storm_id              String COMMENT 'Storm number.',
    name_zh               String COMMENT 'The storm Chinese name.',
    ts                    DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the observed centre of the storm latest advisory.',
    lat                   Float64 COMMENT 'Observed centre latitude, degrees.',
    lon                   Float64 COMMENT 'Observed centre longitude, degrees.',
    pressure_hpa          Nullable(Float64) COMMENT 'Central pressure, hPa.',
    max_wind_ms           Nullable(Float64) COMMENT 'Maximum sustained wind, m/s.',
    category              String COMMENT 'Typhoon grade.',
    move_dir_deg          Nullable(Float64) COMMENT 'Heading, degrees clockwise from north.',
    move_speed_kmh        Nullable(Float64) COMMENT 'Translation speed, km/h.',
    r7_ne_km              Nullable(Float64) COMMENT '7级风圈, north-east quadrant, km.',
    r7_se_km              Nullable(Float64) COMMENT '7级风圈, south-east quadrant, km.',
    r7_sw_km              Nullable(Float64) COMMENT '7级风圈, south-west quadrant, km.',
    r7_nw_km              Nullable(Float64) COMMENT '7级风圈, north-west quadrant, km.',
    r10_ne_km             Nullable(Float64) COMMENT '10级风圈, north-east quadrant, km.',
    r10_se_km             Nullable(Float64) COMMENT '10级风圈, south-east quadrant, km.',
    r10_sw_km             Nullable(Float64) COMMENT '10级风圈, south-west quadrant, km.',
    r10_nw_km             Nullable(Float64) COMMENT '10级风圈, north-west quadrant, km.',
    r12_ne_km             Nullable(Float64) COMMENT '12级风圈, north-east quadrant, km.',
    r12_se_km             Nullable(Float64) COMMENT '12级风圈, south-east quadrant, km.',
    r12_sw_km             Nullable(Float64) COMMENT '12级风圈, south-west quadrant, km.',
    r12_nw_km             Nullable(Float64) COMMENT '12级风圈, north-west quadrant, km.',
    forecast_ts           Array(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Forecast times of the latest advisory.',
    forecast_lat          Array(Float64) COMMENT 'Forecast centre latitudes.',
    forecast_lon          Array(Float64) COMMENT 'Forecast centre longitudes.',
    forecast_pressure_hpa Array(Nullable(Float64)) COMMENT 'Forecast central pressures, hPa.',
    forecast_max_wind_ms  Array(Nullable(Float64)) COMMENT 'Forecast maximum winds, m/s.'
)
AS SELECT
    storm_id, name_zh, ts, lat, lon, pressure_hpa, max_wind_ms, category, move_dir_deg, move_speed_kmh,
    r7_ne_km, r7_se_km, r7_sw_km, r7_nw_km, r10_ne_km, r10_se_km, r10_sw_km, r10_nw_km,
    r12_ne_km, r12_se_km, r12_sw_km, r12_nw_km,
    forecast_ts, forecast_lat, forecast_lon, forecast_pressure_hpa, forecast_max_wind_ms
FROM typhoon_advisories FINAL
ORDER BY storm_id, ts DESC
LIMIT 1 BY storm_id
COMMENT 'The latest advisory of each storm (a later advisory supersedes earlier ones). Grain: one row per storm.';
