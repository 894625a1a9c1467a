-- What analysts may know of the store itself, as views in onegrid's own database. The analyst
-- allow-list (packages/store/src/readonly, docs/security.md) refuses every system table: on
-- embedded chDB their rows describe every database of the engine and nothing narrows them. These
-- views keep only this database's rows, so the allow-list lets them through as onegrid tables and
-- no byte about another database reaches an analyst. On a cluster they describe the node queried.
CREATE OR REPLACE VIEW catalog_tables
(
    table        String COMMENT 'Table, view or dictionary name.',
    engine       String COMMENT 'Table engine (MergeTree family, View, MaterializedView, Dictionary …).',
    comment      String COMMENT 'What the table holds, its grain and source (the same text as the data dictionary).',
    total_rows   Nullable(UInt64) COMMENT 'Rows stored, where the engine knows it (NULL for views).',
    total_bytes  Nullable(UInt64) COMMENT 'Bytes stored on disk, compressed, where the engine knows it.'
)
AS SELECT name AS table, engine, comment, total_rows, total_bytes
FROM system.tables
WHERE database = currentDatabase() AND NOT is_temporary AND name NOT LIKE '.inner%'
COMMENT 'The tables, views and dictionaries of this database, with their comments and sizes. Grain: one row per table. For analysts, who may not read system tables.';

CREATE OR REPLACE VIEW catalog_columns
(
    table              String COMMENT 'Table name (catalog_tables.table).',
    column             String COMMENT 'Column name.',
    position           UInt64 COMMENT 'Position of the column in the table, from 1.',
    type               String COMMENT 'ClickHouse type of the column.',
    comment            String COMMENT 'What the column holds and its unit.',
    in_sorting_key     UInt8 COMMENT '1 when the column is part of the table''s sorting key (fast to filter on).'
)
AS SELECT table, name AS column, position, type, comment, is_in_sorting_key AS in_sorting_key
FROM system.columns
WHERE database = currentDatabase() AND table NOT LIKE '.inner%'
COMMENT 'The columns of every table and view of this database with types and comments. Grain: one row per (table, column).';

CREATE OR REPLACE VIEW catalog_dictionaries
(
    dictionary      String COMMENT 'Dictionary name, as used in dictGet.',
    status          String COMMENT 'LOADED, NOT_LOADED, FAILED, LOADING …',
    element_count   UInt64 COMMENT 'Keys held.',
    loaded_at       DateTime COMMENT 'When it was last loaded successfully.'
)
AS SELECT name AS dictionary, toString(status) AS status, element_count, last_successful_update_time AS loaded_at
FROM system.dictionaries
WHERE database = currentDatabase()
COMMENT 'The dictionaries of this database (registries looked up by id) and whether they are loaded. Grain: one row per dictionary.';

CREATE OR REPLACE VIEW catalog_parts
(
    table       String COMMENT 'Table name.',
    partition   String COMMENT 'Partition (for most tables the month, YYYYMM).',
    parts       UInt64 COMMENT 'Active data parts in the partition (many small parts: merges are behind).',
    rows        UInt64 COMMENT 'Rows in the active parts, before ReplacingMergeTree collapses repeats.',
    bytes       UInt64 COMMENT 'Bytes on disk, compressed.',
    min_time    DateTime COMMENT 'Oldest time in the partition''s parts (where the table has a time partition key).',
    max_time    DateTime COMMENT 'Newest time in the partition''s parts.'
)
AS SELECT table, partition, count() AS parts, sum(rows) AS rows, sum(bytes_on_disk) AS bytes,
          min(min_time) AS min_time, max(max_time) AS max_time
FROM system.parts
WHERE database = currentDatabase() AND active
GROUP BY table, partition
COMMENT 'Summary of stored data per table and partition: parts, rows, bytes, time span. Grain: one row per (table, partition).';
