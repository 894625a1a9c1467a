-- The engine's own guard for analysts' SQL on a ClickHouse server (docs/security.md), beneath
-- the allow-list the runner applies: a role with SELECT on this database only (no FILE, URL,
-- REMOTE, S3 or other sources: those are separate grants it never gets), a settings profile whose
-- readonly is a constraint and whose limits a query may lower but not raise, and a quota. The
-- analyst user itself holds a password, so operators create it (docs/security.md) with
-- DEFAULT ROLE onegrid_analyst. Embedded chDB (clickhouse-local) has no access control: the
-- migration runner skips this file there, and the allow-list alone holds.
CREATE ROLE IF NOT EXISTS onegrid_analyst;

GRANT SELECT ON * TO onegrid_analyst;

CREATE SETTINGS PROFILE IF NOT EXISTS onegrid_analyst SETTINGS readonly = 1 CONST, max_execution_time = 30 MAX 60 CHANGEABLE_IN_READONLY, max_result_rows = 100000 MAX 100000 CHANGEABLE_IN_READONLY, max_result_bytes = 67108864 MAX 67108864 CHANGEABLE_IN_READONLY, result_overflow_mode = 'throw' CONST, max_rows_to_read = 2000000000 MAX 2000000000 CHANGEABLE_IN_READONLY, read_overflow_mode = 'throw' CONST, max_memory_usage = 1073741824 MAX 1073741824 CHANGEABLE_IN_READONLY, max_threads = 1 MAX 2 CHANGEABLE_IN_READONLY, max_parser_depth = 200 MAX 1000 CHANGEABLE_IN_READONLY, max_parser_backtracks = 200000 MAX 1000000 CHANGEABLE_IN_READONLY, max_query_size = 65536 MAX 262144 CHANGEABLE_IN_READONLY, max_concurrent_queries_for_user = 1 CONST, allow_ddl = 0 CONST, allow_introspection_functions = 0 CONST TO onegrid_analyst;

CREATE QUOTA IF NOT EXISTS onegrid_analyst FOR INTERVAL 1 minute MAX queries = 30, FOR INTERVAL 1 hour MAX read_rows = 20000000000 TO onegrid_analyst;
