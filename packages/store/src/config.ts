import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '@onegrid/config';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a ClickHouse identifier (letters, digits, underscore)');

/**
 * Where results are stored. Without CLICKHOUSE_URL the store is embedded chDB in
 * ONEGRID_CHDB_PATH; with it, a ClickHouse server or cluster, with nothing else changed.
 */
export const storeConfigSchema = z.object({
  CLICKHOUSE_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://127.0.0.1:8123' })
    .optional(),
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: identifier.default('onegrid'),
  /**
   * On a server: the user analysts' SQL runs as (created by operators with DEFAULT ROLE
   * onegrid_analyst, migration 0010), so the engine's grants and profile guard it too.
   */
  CLICKHOUSE_ANALYST_USER: z.string().min(1).optional(),
  CLICKHOUSE_ANALYST_PASSWORD: z.string().default(''),
  ONEGRID_CHDB_PATH: z
    .string()
    .min(1)
    .default(path.join(repoRoot, '.onegrid', 'chdb')),
  /**
   * Embedded: chDB connections the store's client spreads its statements over (each runs one at a
   * time; see chdb-pool.ts). 1 is the old single connection, every insert behind the others.
   */
  ONEGRID_CHDB_CONNECTIONS: z.coerce.number().int().min(1).max(8).default(3),
});

export type StoreConfig = z.output<typeof storeConfigSchema>;

/** Reads the store settings from the environment, naming each wrong variable and what it expected. */
export function loadStoreConfig(env: Record<string, string | undefined> = process.env): StoreConfig {
  return parseEnv(storeConfigSchema, 'ClickHouse', env);
}
