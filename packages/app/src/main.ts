// The main job: `node packages/app/src/main.ts`. Stops cleanly on SIGINT/SIGTERM.
import { loadKafkaConfig } from '@onegrid/kafka';
import { createLogger, runMain } from '@onegrid/logging';
import { loadOpsConfig, loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import { loadAppConfig } from './config.ts';
import { startApp } from './start.ts';

const logger = createLogger('onegrid');
await runMain(logger, 'onegrid', () => {
  const appConfig = loadAppConfig();
  return startApp(
    {
      app: appConfig,
      kafka: loadKafkaConfig(),
      store: loadStoreConfig(),
      server: appConfig.ONEGRID_ROLE === 'processors' ? undefined : loadServerConfig(),
      ops: loadOpsConfig(),
    },
    logger,
  );
});
