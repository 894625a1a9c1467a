-- Rollups the screens and the cookbook need. Every one stays exact when a raw table
-- receives the same message twice (feeds repeat messages, replays re-insert):
-- materialized views keep only duplicate-proof aggregate states (max, min, argMax,
-- uniqExact, maxMap keyed by the observation time), and everything that sums people or
-- tickets is a plain view over FINAL. Reading an AggregatingMergeTree directly needs the
-- -Merge combinators: use the views (gauge_levels_5m, weather_district_hourly …) instead.

CREATE TABLE IF NOT EXISTS water_levels_5m
(
    gauge_id   LowCardinality(String) COMMENT 'Gauge id (gauges.gauge_id).',
    bucket     DateTime('Asia/Shanghai') COMMENT 'Start of the 5-minute bucket.',
    level_max  SimpleAggregateFunction(max, Float64) COMMENT 'Highest level in the bucket, metres above the gauge datum.',
    level_min  SimpleAggregateFunction(min, Float64) COMMENT 'Lowest level in the bucket, metres.',
    level_last AggregateFunction(argMax, Float64, DateTime64(3, 'Asia/Shanghai')) COMMENT 'State: the latest level in the bucket by event time (argMaxMerge).',
    readings   AggregateFunction(uniqExact, DateTime64(3, 'Asia/Shanghai')) COMMENT 'State: distinct reading times in the bucket (uniqExactMerge).'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (gauge_id, bucket)
COMMENT 'Gauge levels per 5 minutes (aggregate states). Grain: one row per (gauge, 5-minute bucket) after merges. Source: materialized view water_levels_5m_mv on water_levels. Read gauge_levels_5m.';

CREATE MATERIALIZED VIEW IF NOT EXISTS water_levels_5m_mv TO water_levels_5m AS
SELECT
    gauge_id,
    toStartOfFiveMinutes(ts) AS bucket,
    max(level_m) AS level_max,
    min(level_m) AS level_min,
    argMaxState(level_m, ts) AS level_last,
    uniqExactState(ts) AS readings
FROM water_levels
GROUP BY gauge_id, bucket;

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
    warning_level_m   Float64 COMMENT '警戒水位 of the gauge, metres (registry value now).',
    guarantee_level_m Float64 COMMENT '保证水位 of the gauge, metres (registry value now).',
    status            String COMMENT 'normal, warning (level_max at or above warning) or guarantee (at or above guarantee).'
)
AS SELECT
    gauge_id,
    dictGetOrDefault('gauge_dict', 'name', gauge_id, '') AS name,
    dictGetOrDefault('gauge_dict', 'district', gauge_id, '') AS district,
    dictGetOrDefault('gauge_dict', 'kind', gauge_id, '') AS kind,
    bucket,
    level_max_m,
    level_min_m,
    level_last_m,
    readings,
    dictGetOrDefault('gauge_dict', 'warning_level_m', gauge_id, nan) AS warning_level_m,
    dictGetOrDefault('gauge_dict', 'guarantee_level_m', gauge_id, nan) AS guarantee_level_m,
    multiIf(level_max_m >= guarantee_level_m, 'guarantee', level_max_m >= warning_level_m, 'warning', 'normal') AS status
FROM
(
    SELECT gauge_id, bucket, max(level_max) AS level_max_m, min(level_min) AS level_min_m,
           argMaxMerge(level_last) AS level_last_m, uniqExactMerge(readings) AS readings
    FROM water_levels_5m
    GROUP BY gauge_id, bucket
)
COMMENT 'Gauge levels per 5 minutes with the gauge thresholds and status. Grain: one row per (gauge, 5-minute bucket) with at least one reading.';

CREATE TABLE IF NOT EXISTS weather_station_hourly
(
    station_id    LowCardinality(String) COMMENT 'Weather station id (stations.station_id).',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of the hour (observations whose period ends in it).',
    wind_max_ms   SimpleAggregateFunction(max, Nullable(Float64)) COMMENT 'Highest 2-minute mean wind, m/s.',
    gust_max_ms   SimpleAggregateFunction(max, Nullable(Float64)) COMMENT 'Highest gust, m/s.',
    pressure_min  SimpleAggregateFunction(min, Nullable(Float64)) COMMENT 'Lowest pressure, hPa.',
    temp_max_c    SimpleAggregateFunction(max, Nullable(Float64)) COMMENT 'Highest temperature, degrees Celsius.',
    temp_min_c    SimpleAggregateFunction(min, Nullable(Float64)) COMMENT 'Lowest temperature, degrees Celsius.',
    rain_by_ts    AggregateFunction(maxMap, Array(UInt32), Array(Float64)) COMMENT 'State: rain_mm keyed by observation time (a repeated observation counts once); rain = arraySum(maxMapMerge(rain_by_ts).2).',
    observations  AggregateFunction(uniqExact, DateTime64(3, 'Asia/Shanghai')) COMMENT 'State: distinct observation times (uniqExactMerge).'
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (station_id, hour)
COMMENT 'Weather per station and hour (aggregate states). Grain: one row per (station, hour) after merges. Source: materialized view weather_station_hourly_mv on weather_observations. Read weather_hourly or weather_district_hourly.';

CREATE MATERIALIZED VIEW IF NOT EXISTS weather_station_hourly_mv TO weather_station_hourly AS
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
    uniqExactState(ts) AS observations
FROM weather_observations
GROUP BY station_id, hour;

CREATE OR REPLACE VIEW weather_hourly
(
    station_id    String COMMENT 'Weather station id.',
    district      String COMMENT 'District code of the station.',
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
    station_id,
    dictGetOrDefault('station_dict', 'district', station_id, '') AS district,
    hour,
    max(wind_max_ms) AS wind_max_ms,
    max(gust_max_ms) AS gust_max_ms,
    arraySum(maxMapMerge(rain_by_ts).2) AS rain_mm,
    min(pressure_min) AS pressure_min,
    max(temp_max_c) AS temp_max_c,
    min(temp_min_c) AS temp_min_c,
    uniqExactMerge(observations) AS observations
FROM weather_station_hourly
GROUP BY station_id, hour
COMMENT 'Weather per station and hour. Grain: one row per (station, hour) with at least one observation.';

CREATE OR REPLACE VIEW weather_district_hourly
(
    district      String COMMENT 'District code.',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of the hour.',
    wind_max_ms   Nullable(Float64) COMMENT 'Highest 2-minute mean wind at any station of the district, m/s.',
    gust_max_ms   Nullable(Float64) COMMENT 'Highest gust at any station of the district, m/s.',
    rain_mm       Float64 COMMENT 'Rain in the hour, mean over the district stations, mm.',
    rain_max_mm   Float64 COMMENT 'Rain in the hour at the wettest station of the district, mm.',
    pressure_min  Nullable(Float64) COMMENT 'Lowest pressure at any station, hPa.',
    stations      UInt64 COMMENT 'Stations that reported in the hour.'
)
AS SELECT
    district,
    hour,
    max(station_wind_ms) AS wind_max_ms,
    max(station_gust_ms) AS gust_max_ms,
    avg(station_rain_mm) AS rain_mm,
    max(station_rain_mm) AS rain_max_mm,
    min(station_pressure) AS pressure_min,
    count() AS stations
FROM
(
    SELECT district, hour, wind_max_ms AS station_wind_ms, gust_max_ms AS station_gust_ms,
           rain_mm AS station_rain_mm, pressure_min AS station_pressure
    FROM weather_hourly
)
GROUP BY district, hour
COMMENT 'District weather per hour: max wind and gust, rain (station mean and max), lowest pressure. Grain: one row per (district, hour).';

CREATE OR REPLACE VIEW shelter_occupancy_now
(
    shelter_id    String COMMENT 'Shelter id.',
    name          String COMMENT 'Shelter name.',
    district      String COMMENT 'District code of the shelter.',
    capacity      UInt32 COMMENT 'Places, persons.',
    checked_in    UInt64 COMMENT 'People checked in so far, persons.',
    checked_out   UInt64 COMMENT 'People checked out so far, persons.',
    occupancy     Int64 COMMENT 'People in the shelter now: checked_in minus checked_out.',
    free          Int64 COMMENT 'Free places: capacity minus occupancy (negative when overfull).',
    last_event_at Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Time of the latest check-in or check-out. NULL: none yet.'
)
AS SELECT
    s.shelter_id AS shelter_id,
    s.name AS name,
    s.district AS district,
    s.capacity AS capacity,
    e.checked_in AS checked_in,
    e.checked_out AS checked_out,
    toInt64(e.checked_in) - toInt64(e.checked_out) AS occupancy,
    toInt64(s.capacity) - occupancy AS free,
    e.last_event_at AS last_event_at
FROM shelters_current AS s
LEFT JOIN
(
    SELECT shelter_id,
           sumIf(people, action = 'check_in') AS checked_in,
           sumIf(people, action = 'check_out') AS checked_out,
           toNullable(max(ts)) AS last_event_at
    FROM evacuation_events FINAL
    WHERE action IN ('check_in', 'check_out')
    GROUP BY shelter_id
) AS e ON e.shelter_id = s.shelter_id
SETTINGS join_use_nulls = 0
COMMENT 'Every registered shelter with the people in it now (each evacuation event counted once). Grain: one row per shelter.';

CREATE OR REPLACE VIEW shelter_occupancy_hourly
(
    shelter_id    String COMMENT 'Shelter id.',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of an hour with at least one check-in or check-out.',
    check_ins     UInt64 COMMENT 'People checked in during the hour.',
    check_outs    UInt64 COMMENT 'People checked out during the hour.',
    occupancy     Int64 COMMENT 'People in the shelter at the end of the hour (holds until the next row).',
    capacity      UInt32 COMMENT 'Places, persons (registry value now).'
)
AS SELECT
    shelter_id,
    hour,
    check_ins,
    check_outs,
    sum(toInt64(check_ins) - toInt64(check_outs)) OVER (PARTITION BY shelter_id ORDER BY hour ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS occupancy,
    dictGetOrDefault('shelter_dict', 'capacity', shelter_id, toUInt32(0)) AS capacity
FROM
(
    SELECT shelter_id, toStartOfHour(ts) AS hour,
           sumIf(people, action = 'check_in') AS check_ins,
           sumIf(people, action = 'check_out') AS check_outs
    FROM evacuation_events FINAL
    WHERE action IN ('check_in', 'check_out')
    GROUP BY shelter_id, hour
)
COMMENT 'Shelter occupancy over time: one row per (shelter, hour with movement); occupancy holds until the next row.';

CREATE OR REPLACE VIEW evacuation_district_hourly
(
    district      String COMMENT 'District code (for transferred: where people came from).',
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of the hour.',
    transferred   UInt64 COMMENT 'People transferred out of danger zones during the hour.',
    checked_in    UInt64 COMMENT 'People checked in at the district shelters during the hour.',
    checked_out   UInt64 COMMENT 'People checked out of the district shelters during the hour.',
    transferred_total UInt64 COMMENT 'People transferred since the first event, up to the end of the hour.',
    in_shelters   Int64 COMMENT 'People in the district shelters at the end of the hour.'
)
AS SELECT
    district,
    hour,
    transferred,
    checked_in,
    checked_out,
    sum(transferred) OVER w AS transferred_total,
    sum(toInt64(checked_in) - toInt64(checked_out)) OVER w AS in_shelters
FROM
(
    SELECT district, toStartOfHour(ts) AS hour,
           sumIf(people, action = 'transferred') AS transferred,
           sumIf(people, action = 'check_in') AS checked_in,
           sumIf(people, action = 'check_out') AS checked_out
    FROM evacuation_events FINAL
    GROUP BY district, hour
)
WINDOW w AS (PARTITION BY district ORDER BY hour ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
COMMENT 'Evacuation per district and hour, with running totals. Grain: one row per (district, hour with movement).';

CREATE OR REPLACE VIEW resource_status_now
(
    resource_id   String COMMENT 'Resource id.',
    type          String COMMENT 'Resource type.',
    status        String COMMENT 'Status of the latest event by event time.',
    district      String COMMENT 'District code of the latest event.',
    quantity      UInt32 COMMENT 'Units in the resource.',
    since         DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the latest event: the status holds since then.'
)
AS SELECT
    resource_id,
    argMax(type, ts) AS type,
    argMax(status, ts) AS status,
    argMax(district, ts) AS district,
    argMax(quantity, ts) AS quantity,
    max(ts) AS since
FROM resource_events
GROUP BY resource_id
COMMENT 'Each resource and its current status (latest by event time; a repeated event changes nothing). Grain: one row per resource.';

CREATE OR REPLACE VIEW resource_status_hourly
(
    hour          DateTime('Asia/Shanghai') COMMENT 'Start of the hour.',
    type          String COMMENT 'Resource type.',
    status        String COMMENT 'Status at the end of the hour.',
    resources     UInt64 COMMENT 'Resources in that status at the end of the hour.',
    quantity      UInt64 COMMENT 'Units (sum of quantity) in that status at the end of the hour.'
)
AS SELECT
    hour,
    type,
    status,
    count() AS resources,
    sum(quantity) AS quantity
FROM
(
    SELECT resource_id, type, status, quantity,
           arrayJoin(arrayMap(i -> toStartOfHour(ts) + toIntervalHour(i),
               range(toUInt32(greatest(1, dateDiff('hour', toStartOfHour(ts), toStartOfHour(next_ts)))))) ) AS hour
    FROM
    (
        SELECT resource_id, type, status, quantity, ts,
               leadInFrame(ts, 1, toDateTime64(toStartOfHour(ts) + INTERVAL 1 HOUR, 3)) OVER (PARTITION BY resource_id ORDER BY ts ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next_ts_raw,
               if(next_ts_raw <= ts, toDateTime64(toStartOfHour(ts) + INTERVAL 1 HOUR, 3), next_ts_raw) AS next_ts
        FROM resource_events FINAL
    )
    WHERE toStartOfHour(next_ts) > toStartOfHour(ts) OR next_ts_raw <= ts
)
GROUP BY hour, type, status
COMMENT 'Resources by type and status at the end of each hour, from each resource first event to its last event hour. Grain: one row per (hour, type, status).';

CREATE OR REPLACE VIEW ticket_kpis_daily
(
    day             Date COMMENT 'Day the tickets were reported (Asia/Shanghai).',
    district        String COMMENT 'District code.',
    department      String COMMENT 'Department the ticket was dispatched to.',
    category        String COMMENT 'Problem category.',
    reported        UInt64 COMMENT 'Tickets reported.',
    resolved        UInt64 COMMENT 'Tickets resolved at least once.',
    open            UInt64 COMMENT 'Tickets neither resolved, closed nor cancelled.',
    cancelled       UInt64 COMMENT 'Tickets cancelled.',
    overdue         UInt64 COMMENT 'Tickets past their deadline and not resolved.',
    on_time         UInt64 COMMENT 'Tickets resolved by their deadline.',
    late            UInt64 COMMENT 'Tickets resolved late, or open past their deadline.',
    rated           UInt64 COMMENT 'Tickets rated by the citizen.',
    satisfied       UInt64 COMMENT 'Tickets rated 4 or 5.',
    satisfaction_avg Nullable(Float64) COMMENT 'Mean rating, 1 to 5.',
    accept_p50_s    Nullable(Float64) COMMENT 'Median seconds from report to acceptance.',
    resolve_p50_s   Nullable(Float64) COMMENT 'Median seconds from report to first resolution.',
    resolve_p90_s   Nullable(Float64) COMMENT '90th percentile of seconds from report to first resolution.'
)
AS SELECT
    toDate(t_reported_at) AS day,
    t_district AS district,
    t_department AS department,
    t_category AS category,
    count() AS reported,
    countIf(t_first_resolved_at IS NOT NULL) AS resolved,
    countIf(t_first_resolved_at IS NULL AND t_closed_at IS NULL AND t_cancelled_at IS NULL) AS open,
    countIf(t_cancelled_at IS NOT NULL) AS cancelled,
    countIf(t_overdue) AS overdue,
    countIf(t_on_time = true) AS on_time,
    countIf(t_on_time = false) AS late,
    countIf(t_satisfaction IS NOT NULL) AS rated,
    countIf(t_satisfaction >= 4) AS satisfied,
    avg(t_satisfaction) AS satisfaction_avg,
    quantileExact(0.5)(t_accept_s) AS accept_p50_s,
    quantileExact(0.5)(t_resolve_s) AS resolve_p50_s,
    quantileExact(0.9)(t_resolve_s) AS resolve_p90_s
FROM
(
    SELECT reported_at AS t_reported_at, district AS t_district, department AS t_department,
           category AS t_category, first_resolved_at AS t_first_resolved_at, closed_at AS t_closed_at,
           cancelled_at AS t_cancelled_at, overdue AS t_overdue, on_time AS t_on_time,
           satisfaction AS t_satisfaction, accept_s AS t_accept_s, resolve_s AS t_resolve_s
    FROM tickets FINAL
    WHERE reported_at IS NOT NULL
)
GROUP BY day, district, department, category
COMMENT 'Ticket KPIs per report day, district, department and category. Counts add up across rows; percentiles do not (recompute them from tickets for other groupings). Grain: one row per (day, district, department, category).';
