import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnv } from '@onegrid/config';
import { z } from 'zod';
import type { Role } from './auth/roles.ts';
import { parseTokens } from './auth/tokens.ts';

const seconds = z.coerce.number({ error: 'expected seconds' }).positive();
const bytes = z.coerce.number({ error: 'expected a byte count' }).int().positive();
const defaultDashboards = fileURLToPath(new URL('../../../dashboards/screens/dist', import.meta.url));

export const serverConfigSchema = z.object({
  /** `off` only for local development: every request acts with every role. */
  ONEGRID_AUTH: z.enum(['on', 'off']).default('on'),
  /** Comma-separated browser origins allowed by CORS; unset: same origin only. `*` allows any. */
  ONEGRID_CORS_ORIGINS: z.string().optional(),
  ONEGRID_RATE_LIMIT_PER_MIN: z.coerce
    .number({ error: 'expected requests per minute' })
    .int()
    .positive()
    .default(600),
  ONEGRID_DASHBOARDS_DIR: z.string().min(1).default(defaultDashboards),
  ONEGRID_FEED_FLUSH_MS: z.coerce.number({ error: 'expected milliseconds' }).int().min(10).default(250),
  ONEGRID_FEED_HISTORY: z.coerce.number({ error: 'expected a count of deltas' }).int().min(1).default(1_200),
  /** And at most this many bytes of deltas per channel. */
  ONEGRID_FEED_HISTORY_BYTES: bytes.default(8 << 20),
  ONEGRID_FEED_HEARTBEAT_S: seconds.default(5),
  /** Over this many queued bytes a client gets no deltas, and a snapshot once it drains. */
  ONEGRID_FEED_SLOW_BYTES: bytes.default(1 << 20),
  /** Over this many queued bytes a client is dropped at once. */
  ONEGRID_FEED_DROP_BYTES: bytes.default(16 << 20),
  /** A client that stays over ONEGRID_FEED_SLOW_BYTES this long is dropped. */
  ONEGRID_FEED_STALL_S: seconds.default(30),
  /** /health/ready fails while a processor is more messages than this behind. */
  ONEGRID_READY_MAX_LAG: z.coerce.number({ error: 'expected a message count' }).int().min(0).default(50_000),
});

type Env = z.output<typeof serverConfigSchema>;

export interface ServerConfig {
  readonly auth:
    | { readonly mode: 'on'; readonly tokens: ReadonlyMap<string, Role> }
    | { readonly mode: 'off' };
  readonly corsOrigins: readonly string[] | '*' | undefined;
  readonly rateLimitPerMin: number;
  readonly dashboardsDir: string;
  readonly feed: {
    readonly flushIntervalMs: number;
    readonly historySize: number;
    readonly historyBytes: number;
    readonly heartbeatMs: number;
    readonly slowBytes: number;
    readonly dropBytes: number;
    readonly stallMs: number;
  };
  readonly readyMaxLag: number;
}

/**
 * Validates the server's variables; a wrong one fails start-up naming it. The tokens
 * (`{"<token>":"<role>"}` or `token:role,…`, each token best given as `sha256:<hex>`) come from
 * the file `ONEGRID_TOKENS_FILE` (mode 0600: readable by its owner only) or from `ONEGRID_TOKENS`;
 * one is required unless `ONEGRID_AUTH=off`. They are checked apart from the others because
 * parseEnv would echo the value: it holds secrets.
 */
export function loadServerConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const settings = parseEnv(serverConfigSchema, 'server', env);
  if (settings.ONEGRID_AUTH === 'off') return toServerConfig(settings, { mode: 'off' });
  const [name, text] = tokenSource(env);
  if (text.trim() === '') {
    throw new ConfigError(
      'invalid server settings:\n  ONEGRID_TOKENS is unset: expected {"<token>":"<role>"} or token:role,… ' +
        '(or ONEGRID_TOKENS_FILE, or ONEGRID_AUTH=off for local development)',
    );
  }
  const parsed = parseTokens(text);
  if (!parsed.ok)
    throw new ConfigError(`invalid server settings:\n  ${name} (value not shown): ${parsed.error}`);
  return toServerConfig(settings, { mode: 'on', tokens: parsed.tokens });
}

/** The tokens' text and where it came from; a token file others may read is refused. */
function tokenSource(env: Record<string, string | undefined>): [string, string] {
  const file = env.ONEGRID_TOKENS_FILE?.trim();
  if (file === undefined || file === '') return ['ONEGRID_TOKENS', env.ONEGRID_TOKENS ?? ''];
  let mode: number;
  let text: string;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new ConfigError(
      `invalid server settings:\n  ONEGRID_TOKENS_FILE=${file}: cannot read it (${String(code)})`,
    );
  }
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      `invalid server settings:\n  ONEGRID_TOKENS_FILE=${file} is mode ${(mode & 0o777).toString(8)}: expected 600 (chmod 600 ${file})`,
    );
  }
  return ['ONEGRID_TOKENS_FILE', text];
}

/** What the ops port of a processors-only process reads (`buildOpsServer`). */
export type OpsConfig = Pick<ServerConfig, 'readyMaxLag'>;

/** The ops port's settings: `ONEGRID_READY_MAX_LAG` alone (no tokens: that port serves no data). */
export function loadOpsConfig(env: Record<string, string | undefined> = process.env): OpsConfig {
  const settings = parseEnv(serverConfigSchema.pick({ ONEGRID_READY_MAX_LAG: true }), 'ops server', env);
  return { readyMaxLag: settings.ONEGRID_READY_MAX_LAG };
}

function toServerConfig(env: Env, auth: ServerConfig['auth']): ServerConfig {
  const cors = env.ONEGRID_CORS_ORIGINS?.trim();
  return {
    auth,
    corsOrigins:
      cors === undefined || cors === ''
        ? undefined
        : cors === '*'
          ? '*'
          : cors.split(',').map((o) => o.trim()),
    rateLimitPerMin: env.ONEGRID_RATE_LIMIT_PER_MIN,
    dashboardsDir: env.ONEGRID_DASHBOARDS_DIR,
    feed: {
      flushIntervalMs: env.ONEGRID_FEED_FLUSH_MS,
      historySize: env.ONEGRID_FEED_HISTORY,
      historyBytes: env.ONEGRID_FEED_HISTORY_BYTES,
      heartbeatMs: env.ONEGRID_FEED_HEARTBEAT_S * 1000,
      slowBytes: env.ONEGRID_FEED_SLOW_BYTES,
      dropBytes: env.ONEGRID_FEED_DROP_BYTES,
      stallMs: env.ONEGRID_FEED_STALL_S * 1000,
    },
    readyMaxLag: env.ONEGRID_READY_MAX_LAG,
  };
}
