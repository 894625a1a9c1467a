// The main job: `node packages/app/src/main.ts`. Stops cleanly on SIGINT/SIGTERM.
import { loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadOpsConfig, loadServerConfig } from '@onegrid/server';
import { loadStoreConfig } from '@onegrid/store';
import { loadAppConfig } from './config.ts';
import { startApp } from './start.ts';

const logger = createLogger('onegrid');
try {
  const appConfig = loadAppConfig();
  const app = await startApp(
    {
      app: appConfig,
      kafka: loadKafkaConfig(),
      store: loadStoreConfig(),
      server: appConfig.ONEGRID_ROLE === 'processors' ? undefined : loadServerConfig(),
      ops: loadOpsConfig(),
    },
    logger,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    app.stop().then(
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
  logger.fatal({ err: error }, 'onegrid failed to start');
  process.exitCode = 1;
}
