import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from '@onegrid/config';
import { z } from 'zod';
import { DEFAULT_BODY_LIMIT_BYTES } from './server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the server keeps its data and where it listens. */
export const chdbServerConfigSchema = z.object({
  /** The chDB data folder: the same default as the embedded store's, so either can open it. */
  ONEGRID_CHDB_PATH: z
    .string()
    .min(1)
    .default(path.join(repoRoot, '.onegrid', 'chdb')),
  ONEGRID_CHDB_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  ONEGRID_CHDB_SERVER_PORT: z.coerce
    .number({ error: 'expected a TCP port' })
    .int()
    .min(0)
    .max(65535)
    .default(8123),
  /** Largest request body (an insert's rows), in MiB, after decompression. */
  ONEGRID_CHDB_SERVER_BODY_LIMIT_MB: z.coerce
    .number({ error: 'expected MiB' })
    .positive()
    .default(DEFAULT_BODY_LIMIT_BYTES / 1024 / 1024),
});

export type ChdbServerConfig = z.output<typeof chdbServerConfigSchema>;

export function loadChdbServerConfig(
  env: Record<string, string | undefined> = process.env,
): ChdbServerConfig {
  return parseEnv(chdbServerConfigSchema, 'chdb-server', env);
}
