import type { Logger } from '@onegrid/logging';
import type { ChdbServerConfig } from './config.ts';
import { openEngine } from './engine.ts';
import { buildChdbServer } from './server.ts';

export interface RunningChdbServer {
  /** e.g. `http://127.0.0.1:8123`: what CLICKHOUSE_URL should say. */
  readonly url: string;
  /** Finishes the statement in flight, refuses the rest, closes the engine. */
  stop(): Promise<void>;
}

/** Opens the engine on the data folder and serves it over HTTP. */
export async function startChdbServer(config: ChdbServerConfig, logger: Logger): Promise<RunningChdbServer> {
  const engine = await openEngine(config.ONEGRID_CHDB_PATH);
  const app = buildChdbServer({
    engine,
    logger,
    token: config.ONEGRID_CHDB_SERVER_TOKEN,
    bodyLimitBytes: Math.floor(config.ONEGRID_CHDB_SERVER_BODY_LIMIT_MB * 1024 * 1024),
  });
  try {
    const url = await app.listen({
      host: config.ONEGRID_CHDB_SERVER_HOST,
      port: config.ONEGRID_CHDB_SERVER_PORT,
    });
    logger.info({ url, path: engine.dataPath, version: engine.version }, 'chdb-server listening');
    return {
      url,
      stop: async () => {
        await app.close();
        engine.close();
      },
    };
  } catch (error) {
    await app.close();
    engine.close();
    throw error;
  }
}
