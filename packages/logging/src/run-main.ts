import type { Logger } from 'pino';

/** What a process's main starts: something that stops cleanly. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A process's main around `start`. If it fails, logs `<name> failed to start` (fatal) and sets
 * exit code 1. Once it runs, the first SIGINT or SIGTERM logs `stopping`, stops it and exits 0,
 * or 1 after an unclean stop (logged); a second signal while stopping is ignored.
 */
export async function runMain(logger: Logger, name: string, start: () => Promise<Stoppable>): Promise<void> {
  let running: Stoppable;
  try {
    running = await start();
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
