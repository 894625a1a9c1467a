// The chDB HTTP server: `node packages/chdb-server/src/main.ts`. Stops cleanly on SIGINT/SIGTERM.
import { createLogger, runMain } from '@onegrid/logging';
import { loadChdbServerConfig } from './config.ts';
import { startChdbServer } from './start.ts';

const logger = createLogger('chdb-server');
await runMain(logger, 'chdb-server', async () => {
  const server = await startChdbServer(loadChdbServerConfig(), logger);
  // A parent that spawned us with an IPC channel (spawnChdbServer) learns the address here.
  process.send?.({ listening: server.url });
  return server;
});
