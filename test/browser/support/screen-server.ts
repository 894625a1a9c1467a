import type { ClickHouseClient } from '@clickhouse/client';
import { createLogger } from '@onegrid/logging';
import { buildServer, loadServerConfig } from '@onegrid/server';
import { screensDist } from './screens-build.ts';

export interface ScreenServer {
  readonly app: ReturnType<typeof buildServer>;
  readonly port: number;
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * A real onegrid server (the server package's factory, its hub and feed) serving the built
 * screens, on loopback. `port` 0 picks a free one; passing the previous port restarts "the
 * same server" for reconnect tests.
 */
export async function startScreenServer(options: {
  displayToken: string;
  leaderToken?: string;
  port?: number;
  heartbeatS?: number;
  /** For the KPI and history routes; without it they answer 503. */
  clickhouse?: ClickHouseClient;
}): Promise<ScreenServer> {
  const tokens = [`${options.displayToken}:display`];
  if (options.leaderToken !== undefined) tokens.push(`${options.leaderToken}:leader`);
  const config = loadServerConfig({
    ONEGRID_TOKENS: tokens.join(','),
    ONEGRID_DASHBOARDS_DIR: screensDist,
    ONEGRID_FEED_HEARTBEAT_S: String(options.heartbeatS ?? 5),
    // The test and benchmark open one page; the limit is per token.
    ONEGRID_RATE_LIMIT_PER_MIN: '100000',
  });
  const app = buildServer({
    logger: createLogger('screens-test', process.env.LOG_LEVEL ?? 'error'),
    config,
    healthChecks: {},
    ...(options.clickhouse === undefined ? {} : { clickhouse: options.clickhouse }),
  });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return { app, port: address.port, origin: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
