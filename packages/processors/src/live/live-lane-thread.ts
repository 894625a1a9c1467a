import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { KafkaConfig } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { ProcessorsError } from '../errors.ts';
import { workerExecArgv } from '../worker/worker-exec-argv.ts';
import type { LiveLane, LiveLaneCounts } from './live-lane.ts';
import type { LaneWorkerData, LaneWorkerMessage, LaneWorkerStatus } from './live-lane-protocol.ts';

/** How long a stopping lane worker may take before it is terminated. */
const STOP_BOUND_MS = 10_000;

export interface LiveLaneThreadOptions {
  readonly kafka: KafkaConfig;
  readonly logger: Logger;
  readonly districts: Iterable<string>;
  readonly groupPrefix?: string;
}

/**
 * The live lane in a worker thread of this process (live-lane-worker.ts). Resolves once it reads;
 * `counts` are the worker's as last reported (every second). A worker that dies is logged: the
 * screens then get the archives' copies alone, as with the lane off.
 */
export async function startLiveLaneThread(options: LiveLaneThreadOptions): Promise<LiveLane> {
  const data: LaneWorkerData = {
    kafka: options.kafka,
    logLevel: options.logger.level,
    districts: [...options.districts],
    ...(options.groupPrefix !== undefined ? { groupPrefix: options.groupPrefix } : {}),
  };
  const worker = new Worker(new URL('./live-lane-worker.ts', import.meta.url), {
    workerData: data,
    execArgv: workerExecArgv(),
  });
  let counts: LiveLaneCounts = { published: 0, skipped: 0, failed: 0 };
  let stopped: (() => void) | undefined;
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping)
        options.logger.error({ code }, 'live lane worker exited; the archives feed the screens alone');
      resolve();
    }),
  );
  let assigned: (ok: boolean) => void = () => undefined;
  const whenAssigned = new Promise<boolean>((resolve) => {
    assigned = resolve;
  });
  // A worker gone before it said: not assigned (readiness goes on without the lane).
  void exited.then(() => assigned(false));
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: LaneWorkerStatus) => {
      if (message.kind === 'started') resolve();
      else if (message.kind === 'assigned') assigned(message.ok);
      else if (message.kind === 'counts') counts = message.counts;
      else stopped?.();
    });
    worker.on('error', (error) => {
      options.logger.error({ err: error }, 'live lane worker failed');
      reject(error);
    });
    worker.once('exit', (code) =>
      reject(new ProcessorsError('WORKER_FAILED', `live lane worker exited with ${code} before it started`)),
    );
  });
  return {
    counts: () => counts,
    whenAssigned,
    async stop() {
      stopping = true;
      const done = new Promise<void>((resolve) => {
        stopped = resolve;
      });
      worker.postMessage({ kind: 'stop' } satisfies LaneWorkerMessage);
      // Bounded: a lane whose stop hangs (its registry follower on a dead broker) must not hold
      // the instance's shutdown; it stores nothing, so terminating it loses nothing.
      const bound = new AbortController();
      const gaveUp = delay(STOP_BOUND_MS, undefined, { signal: bound.signal }).then(
        () => options.logger.warn({ ms: STOP_BOUND_MS }, 'live lane worker did not stop in time; terminated'),
        () => undefined,
      );
      await Promise.race([done, exited, gaveUp]);
      bound.abort();
      await worker.terminate();
    },
  };
}
