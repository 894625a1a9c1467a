import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnv } from '@onegrid/config';
import { z } from 'zod';
import { isLoopbackHost } from './guard.ts';
import { DEFAULT_BODY_LIMIT_BYTES } from './server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the server keeps its data and where it listens. */
export const chdbServerConfigSchema = z.object({
  /** The chDB data folder: the same default as the embedded store's, so either can open it. */
  ONEGRID_CHDB_PATH: z
    .string()
    .min(1)
    .default(path.join(repoRoot, '.onegrid', 'chdb')),
  /** Loopback only: the engine is this machine's processes', never the network's. */
  ONEGRID_CHDB_SERVER_HOST: z
    .string()
    .min(1)
    .refine(isLoopbackHost, { error: 'expected a loopback address (127.0.0.1, ::1, localhost)' })
    .default('127.0.0.1'),
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

export type ChdbServerConfig = z.output<typeof chdbServerConfigSchema> & {
  /** The secret every query carries (the password of Basic auth, guard.ts). */
  readonly ONEGRID_CHDB_SERVER_TOKEN: string;
};

const MIN_TOKEN_LENGTH = 16;

/** The settings; `ONEGRID_CHDB_SERVER_TOKEN` is required and checked apart: parseEnv would echo it. */
export function loadChdbServerConfig(
  env: Record<string, string | undefined> = process.env,
): ChdbServerConfig {
  const settings = parseEnv(chdbServerConfigSchema, 'chdb-server', env);
  const token = env.ONEGRID_CHDB_SERVER_TOKEN ?? '';
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `invalid chdb-server settings:\n  ONEGRID_CHDB_SERVER_TOKEN (value not shown): expected a token of at least ${MIN_TOKEN_LENGTH} characters`,
    );
  }
  return { ...settings, ONEGRID_CHDB_SERVER_TOKEN: token };
}
