import { MessageChannel, Worker } from 'node:worker_threads';
import type { ClickHouseClient } from '@clickhouse/client';
import { INTERNAL_TOPICS } from '@onegrid/contracts';
import type { KafkaConfig } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import type { ProcessorFailure, RunningProcessor, StreamMetrics } from '@onegrid/stream';
import { ProcessorsError } from '../errors.ts';
import type { ProcessorStatus } from '../start-processors.ts';
import { replayMetrics } from './metrics-relay.ts';
import { serveStore } from './store-bridge.ts';
import { workerExecArgv } from './worker-exec-argv.ts';
import type { UtilityWorkerData, WorkerMessage, WorkerStatus } from './worker-protocol.ts';

/** The processor a worker takes over, by its definition's name. */
export const UTILITY_PROCESSOR = 'utility-inactivity';

export interface UtilityWorkerOptions {
  /** The worker builds its own Kafka client from this (a client cannot cross threads). */
  readonly kafka: KafkaConfig;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  /** This thread's metrics: the worker's updates are applied to them (metrics-relay.ts). */
  readonly metrics: StreamMetrics;
  readonly options: UtilityWorkerData['options'];
}

/**
 * Starts the utility-inactivity processor in a worker thread (issue 17, item 2: the chain's
 * second core) and returns it as a running processor of this thread: its progress as the worker
 * last reported it (every 20 ms), `stop` flushing, committing and leaving the group in the
 * worker. The worker reaches the store through this thread (`serveStore`). A worker that dies
 * is a failure of the processor (`progress().failure`), as a sink that refuses its rows is.
 */
export async function startUtilityWorker(
  spec: UtilityWorkerOptions,
): Promise<{ readonly name: string; readonly topic: string; readonly processor: RunningProcessor }> {
  const { port1: store, port2: workerStore } = new MessageChannel();
  serveStore(store, spec.clickhouse);
  const data: UtilityWorkerData = {
    kafka: spec.kafka,
    store: workerStore,
    logLevel: spec.logger.level,
    options: spec.options,
  };
  const worker = new Worker(new URL('./utility-worker.ts', import.meta.url), {
    workerData: data,
    transferList: [workerStore],
    execArgv: workerExecArgv(),
  });
  let last: ProcessorStatus | undefined;
  let failure: ProcessorFailure | undefined;
  let stopped: ((error: string | undefined) => void) | undefined;
  // The worker's word on its stop, if it came (its message may be handled before its exit).
  let report: { error: string | undefined } | undefined;
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      // A worker that ends without being told to has stopped processing: say so, as a failure.
      if (!stopping && failure === undefined)
        failure = { code: 'WORKER_EXITED', message: `utility worker exited with ${code}`, at: Date.now() };
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: WorkerStatus) => {
      if (message.kind === 'started') resolve();
      else if (message.kind === 'status') last = message.status;
      else if (message.kind === 'metrics') replayMetrics(spec.metrics, message.updates);
      else {
        report = { error: message.error };
        stopped?.(message.error);
      }
    });
    worker.on('error', (error) => {
      spec.logger.error({ err: error }, 'utility worker failed');
      failure = { code: 'WORKER_FAILED', message: error.message, at: Date.now() };
      reject(error);
    });
    worker.once('exit', (code) =>
      reject(new ProcessorsError('WORKER_FAILED', `utility worker exited with ${code} before it started`)),
    );
  });
  const processor: RunningProcessor = {
    progress: () => ({
      processed: last?.processed ?? 0,
      held: last?.held ?? 0,
      partitions: last?.partitions ?? [],
      failure: failure ?? last?.failure,
    }),
    async stop() {
      stopping = true;
      // What the worker said of its stop: an error string, or that it exited without saying.
      let outcome: { error: string | undefined } | 'exited' = { error: undefined };
      if (failure === undefined) {
        const done = new Promise<{ error: string | undefined }>((resolve) => {
          stopped = (error) => resolve({ error });
        });
        worker.postMessage({ kind: 'stop' } satisfies WorkerMessage);
        outcome = await Promise.race([done, exited.then(() => report ?? ('exited' as const))]);
      }
      await worker.terminate();
      store.close();
      // Its last flush or commit failed: kept as the processor's failure and logged, as an
      // in-thread processor's failed stop is (runProcessor's failOn), so status() tells it.
      const error =
        outcome === 'exited'
          ? new ProcessorsError('WORKER_STOP_FAILED', 'utility worker exited before it had stopped')
          : outcome.error !== undefined
            ? new ProcessorsError('WORKER_STOP_FAILED', `utility worker could not stop: ${outcome.error}`)
            : undefined;
      if (error !== undefined) {
        spec.logger.error({ err: error }, 'utility worker: stop failed');
        failure = { code: error.code, message: error.message, at: Date.now() };
      }
    },
  };
  return { name: UTILITY_PROCESSOR, topic: INTERNAL_TOPICS.meterReadingsByHousehold, processor };
}
