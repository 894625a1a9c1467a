-- Tables the processors derive from the raw streams. One row per entity, rewritten as the
-- stream moves on: ReplacingMergeTree(version), so read them with FINAL (or the *_kpis views).

CREATE TABLE IF NOT EXISTS household_usage_hourly
(
    household_id         String COMMENT 'Household id (households.household_id).',
    hour                 DateTime('Asia/Shanghai') COMMENT 'Start of the hour the usage happened in (Asia/Shanghai).',
    water_m3             Float64 COMMENT 'Water used during the hour, m3 (interval usage between readings, attributed to the hour it was used).' CODEC(Gorilla, ZSTD(1)),
    electricity_kwh      Float64 COMMENT 'Electricity used during the hour, kWh.' CODEC(Gorilla, ZSTD(1)),
    water_readings       UInt16 COMMENT 'Water readings that fell in the hour. 0 means no data, not zero usage.',
    electricity_readings UInt16 COMMENT 'Electricity readings that fell in the hour. 0 means no data, not zero usage.',
    version              UInt64 COMMENT 'Version of the row (the newest wins): the processor output sequence.'
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMMDD(hour)
ORDER BY (household_id, hour)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Hourly water and electricity use per household. Grain: one row per (household, hour) after merges. Source: the utility processor, from city.sensor.meter-readings. A missing reading is not zero usage: the readings counts tell them apart.';

CREATE TABLE IF NOT EXISTS tickets
(
    ticket_id         String COMMENT 'Ticket id.',
    district          LowCardinality(String) COMMENT 'District code, empty until the reported step arrives.',
    street            LowCardinality(String) COMMENT 'Street (街道/镇) code, empty until reported arrives.',
    category          LowCardinality(String) COMMENT 'Problem category, e.g. waterlogging.',
    source            LowCardinality(String) COMMENT 'app, hotline, grid_worker, ai_video, sensor.',
    priority          LowCardinality(String) COMMENT 'normal, urgent, emergency.',
    department        LowCardinality(String) COMMENT 'Department the ticket was last dispatched to (or resolved by).',
    status            LowCardinality(String) COMMENT 'Last lifecycle step reached: reported, accepted, dispatched, resolved, feedback, rated, reopened, closed, cancelled.',
    reported_at       Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '上报: when the ticket was reported.',
    accepted_at       Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '受理: when it was accepted.',
    dispatched_at     Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '派单: when it was (first) dispatched.',
    first_resolved_at Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '处置: first resolution (before any reopening).',
    resolved_at       Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'Last resolution.',
    feedback_at       Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '反馈: when the citizen was told.',
    rated_at          Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '评价: when the citizen rated it.',
    closed_at         Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'When it was closed.',
    cancelled_at      Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'When it was cancelled.',
    reopened          UInt8 COMMENT 'Times the ticket was reopened.',
    satisfaction      Nullable(UInt8) COMMENT 'Citizen rating 1 (worst) to 5 (best). NULL: not rated.',
    limit_s           UInt32 COMMENT 'Time limit to resolve for its priority and category, seconds.',
    deadline          Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT 'reported_at + limit_s. NULL until reported arrives.',
    on_time           Nullable(Bool) COMMENT 'True: resolved by the deadline. False: resolved late, or still open past it. NULL: open and not yet late.',
    overdue           Bool COMMENT 'Past its deadline and not resolved, as of the stream watermark.',
    accept_s          Nullable(Float64) COMMENT 'Seconds from reported_at to accepted_at.',
    dispatch_s        Nullable(Float64) COMMENT 'Seconds from reported_at to dispatched_at.',
    resolve_s         Nullable(Float64) COMMENT 'Seconds from reported_at to first_resolved_at (the response time of the KPIs).',
    feedback_s        Nullable(Float64) COMMENT 'Seconds from reported_at to feedback_at.',
    rate_s            Nullable(Float64) COMMENT 'Seconds from reported_at to rated_at.',
    version           UInt64 COMMENT 'Version of the row (the newest wins).'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY ticket_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'One row per citizen service ticket with its stage times and durations (seconds from reported_at). Grain: one row per ticket after merges (read with FINAL). Source: the tickets processor, from city.tickets.events. Not partitioned: a ticket row must stay in one part lineage while it changes.';

CREATE TABLE IF NOT EXISTS ticket_summons
(
    ticket_id  String COMMENT 'Ticket id (tickets.ticket_id).',
    department LowCardinality(String) COMMENT 'Department summoned by the whistle (吹哨), e.g. DEPT-POLICE.',
    district   LowCardinality(String) COMMENT 'District code of the ticket, empty until reported arrives.',
    whistle_at DateTime64(3, 'Asia/Shanghai') COMMENT 'When the street office blew the whistle.',
    arrived_at Nullable(DateTime64(3, 'Asia/Shanghai')) COMMENT '报到: when the department arrived. NULL: not (yet) arrived.',
    limit_s    UInt32 COMMENT 'Time limit to arrive, seconds.',
    arrive_s   Nullable(Float64) COMMENT 'Seconds from whistle_at to arrived_at.',
    on_time    Nullable(Bool) COMMENT 'True: arrived within limit_s. False: arrived late, or not arrived past the limit. NULL: not arrived, limit not yet passed.',
    version    UInt64 COMMENT 'Version of the row (the newest wins).'
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (ticket_id, department)
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Departments summoned to a ticket by a whistle (吹哨报到). Grain: one row per (ticket, department) after merges (read with FINAL). Source: the tickets processor.';
