// The chDB HTTP server: `node packages/chdb-server/src/main.ts`. Stops cleanly on SIGINT/SIGTERM.
import { createLogger } from '@onegrid/logging';
import { loadChdbServerConfig } from './config.ts';
import { startChdbServer } from './start.ts';

const logger = createLogger('chdb-server');
try {
  const server = await startChdbServer(loadChdbServerConfig(), logger);
  // A parent that spawned us with an IPC channel (spawnChdbServer) learns the address here.
  process.send?.({ listening: server.url });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'chdb-server failed to start');
  process.exitCode = 1;
}
