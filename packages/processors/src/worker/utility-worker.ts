// A worker thread's entry (issue 17, item 2): the utility-inactivity processor, whole, on the
// machine's second core. Its own Kafka client, producers, registry follower and consumer group
// as any processor; the store through the thread that owns it (store-bridge.ts). Reports its
// progress to the owner and stops when told (worker-processor.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createKafka } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { ProcessorsError } from '../errors.ts';
import { startProcessors } from '../start-processors.ts';
import { utilityProcessor } from '../utility/utility-processor.ts';
import { relayedMetrics } from './metrics-relay.ts';
import { bridgedStore } from './store-bridge.ts';
import type { UtilityWorkerData, WorkerMessage, WorkerStatus } from './worker-protocol.ts';

const data = workerData as UtilityWorkerData;
const port = parentPort;
if (port === null)
  throw new ProcessorsError('WORKER_MISUSED', 'utility-worker.ts runs as a worker thread only');
const logger = createLogger('processors-utility-worker', data.logLevel);
// The worker's registry is not scraped: its updates are relayed to the owner's metrics.
const relay = relayedMetrics(streamMetrics(new Registry()));
const processors = await startProcessors({
  kafka: createKafka(data.kafka, logger),
  clickhouse: bridgedStore(data.store),
  logger,
  metrics: relay.metrics,
  catalogue: async (ctx) => [utilityProcessor(ctx)] as never,
  ...data.options,
});
const report = () => {
  const [status] = processors.status();
  if (status !== undefined) port.postMessage({ kind: 'status', status } satisfies WorkerStatus);
};
// The owner reads progress often (tests and benches wait on it): every 20 ms, a small message.
const reporting = setInterval(report, 20);
const sendMetrics = () => {
  const updates = relay.take();
  if (updates.length > 0) port.postMessage({ kind: 'metrics', updates } satisfies WorkerStatus);
};
// A scrape every 15–60 s: a second behind is current enough, and a message a second is nothing.
const relaying = setInterval(sendMetrics, 1_000);
port.on('message', (message: WorkerMessage) => {
  if (message.kind !== 'stop') return;
  clearInterval(reporting);
  clearInterval(relaying);
  void processors.stop().then(
    () => {
      report();
      sendMetrics(); // the last flushes and commits
      port.postMessage({ kind: 'stopped' } satisfies WorkerStatus);
      port.close();
    },
    (error: unknown) => {
      logger.error({ err: error }, 'utility worker: stop failed');
      sendMetrics(); // the failure's own (processor_failed, sink failures)
      port.postMessage({ kind: 'stopped', error: String(error) } satisfies WorkerStatus);
      port.close();
    },
  );
});
port.postMessage({ kind: 'started' } satisfies WorkerStatus);
