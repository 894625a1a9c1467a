import { describe, expect, it } from 'vitest';
import type { Migration } from '../migrations/files.ts';
import { readMigrations } from '../migrations/files.ts';
import { ClusterDdlError, clusterDdl, clusterScript } from './generate.ts';

const migration = (statements: string[]): Migration => ({
  version: 7,
  name: 'test',
  checksum: '',
  statements,
});
const options = { cluster: 'city', database: 'onegrid' };

describe('cluster > clusterDdl', () => {
  it('turns a sharded table into a replicated local table and a Distributed table on its key', () => {
    const [, m] = clusterDdl(
      [
        migration([
          `CREATE TABLE IF NOT EXISTS water_levels
(
    gauge_id String COMMENT 'id'
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY gauge_id
SETTINGS non_replicated_deduplication_window = 10000
COMMENT 'levels'`,
        ]),
      ],
      options,
    );
    expect(m?.statements[0]).toContain('CREATE TABLE IF NOT EXISTS water_levels_local ON CLUSTER city');
    expect(m?.statements[0]).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', ingested_at)",
    );
    expect(m?.statements[0]).toContain('SETTINGS replicated_deduplication_window = 10000');
    expect(m?.statements[1]).toBe(
      "CREATE TABLE IF NOT EXISTS water_levels ON CLUSTER city AS water_levels_local\nENGINE = Distributed(city, onegrid, water_levels_local, cityHash64(gauge_id))\nCOMMENT 'levels'",
    );
  });

  it('replicates a registry to every node under its own name', () => {
    const [, m] = clusterDdl(
      [
        migration([
          'CREATE TABLE IF NOT EXISTS gauges\n(\n    gauge_id String\n)\nENGINE = ReplacingMergeTree(updated_at, is_deleted)\nORDER BY gauge_id',
        ]),
      ],
      options,
    );
    expect(m?.statements).toEqual([
      "CREATE TABLE IF NOT EXISTS gauges ON CLUSTER city\n(\n    gauge_id String\n)\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}', updated_at, is_deleted)\nORDER BY gauge_id",
    ]);
  });

  it('points materialized views at local tables, and comments and new columns at both tables', () => {
    const [, m] = clusterDdl(
      [
        migration([
          'CREATE MATERIALIZED VIEW IF NOT EXISTS water_levels_5m_mv TO water_levels_5m AS\nSELECT gauge_id FROM water_levels GROUP BY gauge_id',
          "ALTER TABLE meter_readings COMMENT COLUMN ts 'time'",
          'ALTER TABLE meter_readings MODIFY TTL toDateTime(ts) + INTERVAL 1 DAY',
          'ALTER TABLE meter_readings ADD COLUMN IF NOT EXISTS note Nullable(String)',
          'CREATE OR REPLACE VIEW v AS SELECT 1',
          "INSERT INTO districts (code) VALUES ('310101')",
          'ALTER TABLE water_levels_5m_mv MODIFY QUERY\nSELECT gauge_id FROM water_levels GROUP BY gauge_id',
        ]),
      ],
      options,
    );
    expect(m?.statements).toEqual([
      'CREATE MATERIALIZED VIEW IF NOT EXISTS water_levels_5m_mv ON CLUSTER city TO water_levels_5m_local AS\nSELECT gauge_id FROM water_levels_local GROUP BY gauge_id',
      "ALTER TABLE meter_readings_local ON CLUSTER city COMMENT COLUMN ts 'time'",
      "ALTER TABLE meter_readings ON CLUSTER city COMMENT COLUMN ts 'time'",
      'ALTER TABLE meter_readings_local ON CLUSTER city MODIFY TTL toDateTime(ts) + INTERVAL 1 DAY',
      'ALTER TABLE meter_readings_local ON CLUSTER city ADD COLUMN IF NOT EXISTS note Nullable(String)',
      'ALTER TABLE meter_readings ON CLUSTER city ADD COLUMN IF NOT EXISTS note Nullable(String)',
      'CREATE OR REPLACE VIEW v ON CLUSTER city AS SELECT 1',
      "INSERT INTO districts (code) VALUES ('310101')",
      'ALTER TABLE water_levels_5m_mv ON CLUSTER city MODIFY QUERY\nSELECT gauge_id FROM water_levels_local GROUP BY gauge_id',
    ]);
  });

  it('refuses a table without a placement rather than guess a sharding key', () => {
    expect(() =>
      clusterDdl(
        [migration(['CREATE TABLE IF NOT EXISTS mystery (a UInt8) ENGINE = MergeTree ORDER BY a'])],
        options,
      ),
    ).toThrow(ClusterDdlError);
  });

  it('covers every shipped migration and can start from a version', async () => {
    const shipped = await readMigrations();
    const all = clusterDdl(shipped, options);
    expect(all.map((m) => m.label)).toEqual([
      'database',
      ...shipped.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`),
    ]);
    const script = clusterScript(all);
    expect(script).not.toMatch(/ENGINE = (Replacing|Aggregating)?MergeTree/);
    expect(clusterDdl(shipped, { ...options, fromVersion: 3 }).map((m) => m.label)[1]).toBe(
      '0003_raw_inputs',
    );
  });
});
