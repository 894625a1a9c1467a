-- Raw tables for the input topics of STREAMS.md, one row per message as published (the
-- archive processor writes them through @onegrid/store's row mappers). Conventions:
-- times are DateTime64(3, 'Asia/Shanghai') of the message's `ts` (event time, not arrival);
-- an optional text field the message leaves out is '' and an optional number is NULL;
-- ReplacingMergeTree on the message's identity collapses a replayed or repeated message at
-- merge time (read with FINAL, or aggregate so that a repeat cannot count twice), and insert
-- blocks carry a deduplication token (non_replicated_deduplication_window).
-- Retention: no TTL here. `applyRetention` (src/retention.ts) sets one per table.

ALTER TABLE meter_readings MODIFY COMMENT 'Smart-meter readings. Grain: one row per (meter, ts) after merges. Source: city.sensor.meter-readings via the archive processor. Usage is the difference of two readings of one meter, not a column here: see household_usage_hourly.';
ALTER TABLE meter_readings COMMENT COLUMN meter_id 'Meter id, WM-… for water, EM-… for electricity (Kafka key of the topic).';
ALTER TABLE meter_readings COMMENT COLUMN household_id 'Household the meter belongs to (households.household_id).';
ALTER TABLE meter_readings COMMENT COLUMN kind 'water (register in m3) or electricity (register in kWh).';
ALTER TABLE meter_readings COMMENT COLUMN ts 'Time of the reading (event time, Asia/Shanghai).';
ALTER TABLE meter_readings COMMENT COLUMN reading 'Cumulative register value: m3 for water, kWh for electricity. Never decreases except after reset.';
ALTER TABLE meter_readings COMMENT COLUMN reset 'True when the meter was replaced at this reading: counting restarts from reading.';
ALTER TABLE meter_readings COMMENT COLUMN ingested_at 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.';

ALTER TABLE late_events MODIFY COMMENT 'Events that arrived after every window they belong to had closed (the stream runtime late side output). Grain: one row per input message (topic, partition, offset). Source: every windowed processor.';
ALTER TABLE late_events COMMENT COLUMN processor 'Processor that found the event late.';
ALTER TABLE late_events COMMENT COLUMN topic 'Kafka topic the event came from.';
ALTER TABLE late_events COMMENT COLUMN partition 'Kafka partition of the message.';
ALTER TABLE late_events COMMENT COLUMN offset 'Kafka offset of the message.';
ALTER TABLE late_events COMMENT COLUMN event_time 'Event time of the message (UTC).';
ALTER TABLE late_events COMMENT COLUMN watermark 'The processor watermark when the event arrived (UTC). NULL when it had none yet.';
ALTER TABLE late_events COMMENT COLUMN payload 'The original message value (JSON text of an input event topic; registries never reach this table).';
ALTER TABLE late_events COMMENT COLUMN recorded_at 'When the row was stored (UTC wall clock).';

CREATE TABLE IF NOT EXISTS weather_observations
(
    station_id    LowCardinality(String) COMMENT 'Weather station id, e.g. AWS-58367 (stations.station_id).',
    ts            DateTime64(3, 'Asia/Shanghai') COMMENT 'End of the observation period (event time).' CODEC(DoubleDelta, ZSTD(1)),
    period_s      UInt32 COMMENT 'Length of the observation period ending at ts, seconds (300 for 5-minute observations).',
    wind_speed_ms Nullable(Float64) COMMENT 'Mean wind over the last 2 minutes, m/s. NULL: instrument missing.' CODEC(Gorilla, ZSTD(1)),
    wind_gust_ms  Nullable(Float64) COMMENT 'Maximum gust during the period, m/s. NULL: instrument missing.' CODEC(Gorilla, ZSTD(1)),
    wind_dir_deg  Nullable(Float64) COMMENT 'Direction the wind blows from, degrees clockwise from north. NULL: missing.' CODEC(Gorilla, ZSTD(1)),
    rain_mm       Nullable(Float64) COMMENT 'Precipitation during the period_s seconds ending at ts, mm. NULL: missing.' CODEC(Gorilla, ZSTD(1)),
    pressure_hpa  Nullable(Float64) COMMENT 'Station pressure, hPa. NULL: missing.' CODEC(Gorilla, ZSTD(1)),
    temp_c        Nullable(Float64) COMMENT 'Air temperature, degrees Celsius. NULL: missing.' CODEC(Gorilla, ZSTD(1)),
    ingested_at   DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.' CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (station_id, ts)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Automatic weather station observations. Grain: one row per (station, ts) after merges, about every 5 minutes. Source: city.weather.observations via the archive processor.';

CREATE TABLE IF NOT EXISTS water_levels
(
    gauge_id    LowCardinality(String) COMMENT 'Gauge id, e.g. WL-HPJ-001 (gauges.gauge_id).',
    ts          DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the level (event time).' CODEC(DoubleDelta, ZSTD(1)),
    level_m     Float64 COMMENT 'Water level, metres above the gauge local datum (compare with gauges.warning_level_m).' CODEC(Gorilla, ZSTD(1)),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.' CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (gauge_id, ts)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Hydrology gauge levels (river, tide, canal, underpass). Grain: one row per (gauge, ts) after merges, every 1 to 5 minutes. Source: city.hydro.water-levels via the archive processor.';

CREATE TABLE IF NOT EXISTS ticket_events
(
    ticket_id    String COMMENT 'Ticket id, e.g. T-20260914-000123 (Kafka key).',
    event        LowCardinality(String) COMMENT 'Lifecycle step: reported, accepted, dispatched, whistle, arrived, resolved, feedback, rated, reopened, closed, cancelled.',
    ts           DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the step (event time).' CODEC(DoubleDelta, ZSTD(1)),
    district     LowCardinality(String) COMMENT 'District code (districts.code). Only on reported, else empty.',
    street       LowCardinality(String) COMMENT 'Street (街道/镇) code, e.g. 310101002. Only on reported, else empty.',
    category     LowCardinality(String) COMMENT 'Problem category, e.g. waterlogging. Only on reported, else empty.',
    source       LowCardinality(String) COMMENT 'Channel: app, hotline, grid_worker, ai_video, sensor. Only on reported, else empty.',
    priority     LowCardinality(String) COMMENT 'normal, urgent or emergency. Only on reported, else empty.',
    department   LowCardinality(String) COMMENT 'Department of a dispatched, arrived or resolved step, e.g. DEPT-DRAINAGE, else empty.',
    departments  Array(LowCardinality(String)) COMMENT 'Departments summoned by a whistle (吹哨) step, else empty.',
    satisfaction Nullable(UInt8) COMMENT 'Citizen rating 1 (worst) to 5 (best) on a rated step, else NULL.',
    lat          Nullable(Float64) COMMENT 'WGS-84 latitude, degrees. Only on reported, else NULL.',
    lon          Nullable(Float64) COMMENT 'WGS-84 longitude, degrees. Only on reported, else NULL.',
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.' CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (ticket_id, ts, event, department)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Citizen service ticket (12345) lifecycle steps. Grain: one row per (ticket, ts, event, department) after merges. Source: city.tickets.events via the archive processor. One row per ticket with its durations: tickets.';

CREATE TABLE IF NOT EXISTS evacuation_events
(
    event_id    String COMMENT 'Evacuation event id, unique: the same id twice is one event.',
    ts          DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the event (event time).' CODEC(DoubleDelta, ZSTD(1)),
    shelter_id  LowCardinality(String) COMMENT 'Shelter id (shelters.shelter_id); for transferred, the shelter the people were sent towards.',
    district    LowCardinality(String) COMMENT 'District code: where people came from (transferred) or the shelter district (check_in, check_out).',
    action      LowCardinality(String) COMMENT 'transferred (moved out of a danger zone), check_in or check_out (at the shelter).',
    people      UInt32 COMMENT 'Number of people, persons.',
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.' CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY event_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Evacuation events: people transferred, checked in or out of shelters. Grain: one row per event_id after merges (read with FINAL before summing people). Source: city.emergency.evacuations via the archive processor.';

CREATE TABLE IF NOT EXISTS resource_events
(
    resource_id LowCardinality(String) COMMENT 'Resource id, e.g. RS-BOAT-017.',
    ts          DateTime64(3, 'Asia/Shanghai') COMMENT 'Time of the status change (event time). The latest ts is the current status.' CODEC(DoubleDelta, ZSTD(1)),
    type        LowCardinality(String) COMMENT 'rescue_team, boat, pump, vehicle, generator, sandbag_pallet, medical_team.',
    status      LowCardinality(String) COMMENT 'available, dispatched, on_site, returning, out_of_service.',
    district    LowCardinality(String) COMMENT 'District code where the resource is (or is sent).',
    quantity    UInt32 COMMENT 'Units in this resource (teams, boats, pallets …), at least 1.',
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored the row (UTC wall clock). Version of the ReplacingMergeTree.' CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMMDD(ts)
ORDER BY (resource_id, ts)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Emergency resource status changes. Grain: one row per (resource, ts) after merges. Source: city.emergency.resources via the archive processor.';
