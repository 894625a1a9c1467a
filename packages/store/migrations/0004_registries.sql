-- Reference data: the registries of STREAMS.md (compacted topics) without personal data,
-- plus Shanghai's 16 districts. A registry row is replaced by a newer one with the same id
-- (ReplacingMergeTree on updated_at); a tombstone (null value on the compacted topic) is a
-- row with is_deleted = 1, which FINAL drops. The *_current views show the live registry and
-- feed the dictionaries, so queries can name districts, gauges, stations and shelters:
--   dictGet('district_dict', 'name_zh', district)
-- Households carry no names and no contacts: those are personal data and never stored here.

CREATE TABLE IF NOT EXISTS households
(
    household_id String COMMENT 'Household id, e.g. HH-00012345.',
    district     LowCardinality(String) COMMENT 'District code (districts.code).',
    street       LowCardinality(String) COMMENT 'Street (街道/镇) code, e.g. 310101002.',
    community    LowCardinality(String) COMMENT 'Community (居委会/村委会) code, e.g. 310101002001.',
    grid         LowCardinality(String) COMMENT 'Grid (网格) id, e.g. G-310101-0021.',
    lives_alone  Nullable(Bool) COMMENT 'True when one person lives there. NULL: not registered.',
    vulnerable   Array(LowCardinality(String)) COMMENT 'Vulnerability tags, e.g. elderly, disabled, chronic_illness, bedridden, infant. Empty: none registered.',
    grid_worker  LowCardinality(String) COMMENT 'Grid worker who visits the household, e.g. GW-0042. Empty: none registered.',
    updated_at   DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored this version (UTC wall clock). The newest version wins.',
    is_deleted   UInt8 DEFAULT 0 COMMENT '1 for a tombstone (the record was deleted from the registry).'
)
ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY household_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Household registry without personal data (no names, no phone numbers, no contacts). Grain: one row per household after merges (read households_current). Source: city.registry.households via the archive processor.';

CREATE TABLE IF NOT EXISTS gauges
(
    gauge_id          String COMMENT 'Gauge id, e.g. WL-HPJ-001.',
    name              String COMMENT 'Gauge (station) name, e.g. 黄浦公园. A place, not a person.',
    district          LowCardinality(String) COMMENT 'District code (districts.code).',
    lat               Float64 COMMENT 'WGS-84 latitude, degrees.',
    lon               Float64 COMMENT 'WGS-84 longitude, degrees.',
    kind              LowCardinality(String) COMMENT 'river, tide, canal or underpass.',
    warning_level_m   Float64 COMMENT '警戒水位: warning level, metres above the gauge local datum.',
    guarantee_level_m Float64 COMMENT '保证水位: guaranteed (design) level, metres above the gauge local datum.',
    updated_at        DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored this version (UTC wall clock). The newest version wins.',
    is_deleted        UInt8 DEFAULT 0 COMMENT '1 for a tombstone (the record was deleted from the registry).'
)
ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY gauge_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Hydrology gauge registry with thresholds. Grain: one row per gauge after merges (read gauges_current). Source: city.registry.gauges via the archive processor.';

CREATE TABLE IF NOT EXISTS stations
(
    station_id String COMMENT 'Weather station id, e.g. AWS-58367.',
    name       String COMMENT 'Station name, e.g. 徐家汇. A place, not a person.',
    district   LowCardinality(String) COMMENT 'District code (districts.code).',
    lat        Float64 COMMENT 'WGS-84 latitude, degrees.',
    lon        Float64 COMMENT 'WGS-84 longitude, degrees.',
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored this version (UTC wall clock). The newest version wins.',
    is_deleted UInt8 DEFAULT 0 COMMENT '1 for a tombstone (the record was deleted from the registry).'
)
ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY station_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Automatic weather station registry. Grain: one row per station after merges (read stations_current). Source: city.registry.stations via the archive processor.';

CREATE TABLE IF NOT EXISTS shelters
(
    shelter_id String COMMENT 'Shelter id, e.g. SH-310101-03.',
    name       String COMMENT 'Shelter name (a school, a gym …). A place, not a person.',
    district   LowCardinality(String) COMMENT 'District code (districts.code).',
    lat        Float64 COMMENT 'WGS-84 latitude, degrees.',
    lon        Float64 COMMENT 'WGS-84 longitude, degrees.',
    capacity   UInt32 COMMENT 'People the shelter holds, persons.',
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When onegrid stored this version (UTC wall clock). The newest version wins.',
    is_deleted UInt8 DEFAULT 0 COMMENT '1 for a tombstone (the record was deleted from the registry).'
)
ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY shelter_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Emergency shelter registry. Grain: one row per shelter after merges (read shelters_current). Source: city.registry.shelters via the archive processor.';

CREATE TABLE IF NOT EXISTS districts
(
    code       String COMMENT '6-digit administrative division code (GB/T 2260), e.g. 310101.',
    name_zh    String COMMENT 'Chinese name, e.g. 黄浦区.',
    name_en    String COMMENT 'English name, e.g. Huangpu.',
    population UInt32 COMMENT 'Resident population, persons (7th national census, 2020).',
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When this version was stored (UTC wall clock). The newest version wins.'
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY code
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'Shanghai districts (16). Grain: one row per district. Source: seeded by migration 0004 from packages/simulator/data/shanghai-districts.json.';

INSERT INTO districts (code, name_zh, name_en, population) VALUES
    ('310101', '黄浦区', 'Huangpu', 662030),
    ('310104', '徐汇区', 'Xuhui', 1113078),
    ('310105', '长宁区', 'Changning', 693051),
    ('310106', '静安区', 'Jing\'an', 975707),
    ('310107', '普陀区', 'Putuo', 1239842),
    ('310109', '虹口区', 'Hongkou', 757498),
    ('310110', '杨浦区', 'Yangpu', 1242548),
    ('310112', '闵行区', 'Minhang', 2653489),
    ('310113', '宝山区', 'Baoshan', 2235218),
    ('310114', '嘉定区', 'Jiading', 1834258),
    ('310115', '浦东新区', 'Pudong', 5681512),
    ('310116', '金山区', 'Jinshan', 822776),
    ('310117', '松江区', 'Songjiang', 1909681),
    ('310118', '青浦区', 'Qingpu', 1271424),
    ('310120', '奉贤区', 'Fengxian', 1140872),
    ('310151', '崇明区', 'Chongming', 637921);

CREATE OR REPLACE VIEW households_current AS
SELECT household_id, district, street, community, grid, lives_alone, vulnerable, grid_worker, updated_at
FROM households FINAL
WHERE is_deleted = 0
COMMENT 'The live household registry: one row per household, tombstones dropped. No personal data.';

CREATE OR REPLACE VIEW gauges_current AS
SELECT gauge_id, name, district, lat, lon, kind, warning_level_m, guarantee_level_m, updated_at
FROM gauges FINAL
WHERE is_deleted = 0
COMMENT 'The live gauge registry: one row per gauge with its thresholds, tombstones dropped.';

CREATE OR REPLACE VIEW stations_current AS
SELECT station_id, name, district, lat, lon, updated_at
FROM stations FINAL
WHERE is_deleted = 0
COMMENT 'The live weather station registry: one row per station, tombstones dropped.';

CREATE OR REPLACE VIEW shelters_current AS
SELECT shelter_id, name, district, lat, lon, capacity, updated_at
FROM shelters FINAL
WHERE is_deleted = 0
COMMENT 'The live shelter registry: one row per shelter, tombstones dropped.';

CREATE DICTIONARY IF NOT EXISTS district_dict
(
    code String,
    name_zh String,
    name_en String,
    population UInt32
)
PRIMARY KEY code
SOURCE(CLICKHOUSE(TABLE 'districts'))
LAYOUT(COMPLEX_KEY_HASHED())
LIFETIME(MIN 300 MAX 600)
COMMENT 'District code to name and population: dictGet(''district_dict'', ''name_zh'', code).';

CREATE DICTIONARY IF NOT EXISTS gauge_dict
(
    gauge_id String,
    name String,
    district String,
    kind String,
    lat Float64,
    lon Float64,
    warning_level_m Float64,
    guarantee_level_m Float64
)
PRIMARY KEY gauge_id
SOURCE(CLICKHOUSE(TABLE 'gauges_current'))
LAYOUT(COMPLEX_KEY_HASHED())
LIFETIME(MIN 60 MAX 120)
COMMENT 'Gauge id to name, district, kind, position and thresholds: dictGet(''gauge_dict'', ''warning_level_m'', gauge_id).';

CREATE DICTIONARY IF NOT EXISTS station_dict
(
    station_id String,
    name String,
    district String,
    lat Float64,
    lon Float64
)
PRIMARY KEY station_id
SOURCE(CLICKHOUSE(TABLE 'stations_current'))
LAYOUT(COMPLEX_KEY_HASHED())
LIFETIME(MIN 60 MAX 120)
COMMENT 'Weather station id to name, district and position: dictGet(''station_dict'', ''district'', station_id).';

CREATE DICTIONARY IF NOT EXISTS shelter_dict
(
    shelter_id String,
    name String,
    district String,
    lat Float64,
    lon Float64,
    capacity UInt32
)
PRIMARY KEY shelter_id
SOURCE(CLICKHOUSE(TABLE 'shelters_current'))
LAYOUT(COMPLEX_KEY_HASHED())
LIFETIME(MIN 60 MAX 120)
COMMENT 'Shelter id to name, district, position and capacity: dictGet(''shelter_dict'', ''capacity'', shelter_id).';

CREATE DICTIONARY IF NOT EXISTS household_dict
(
    household_id String,
    district String,
    street String,
    community String,
    grid String,
    lives_alone Nullable(UInt8),
    grid_worker String
)
PRIMARY KEY household_id
SOURCE(CLICKHOUSE(TABLE 'households_current'))
LAYOUT(COMPLEX_KEY_HASHED())
LIFETIME(MIN 300 MAX 600)
COMMENT 'Household id to district, street, community, grid, lives_alone and grid worker: dictGet(''household_dict'', ''grid'', household_id). No personal data.';
