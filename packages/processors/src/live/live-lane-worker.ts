// A worker thread's entry: the live lane (live-lane.ts) on a thread of its own, so that a burst
// of meter readings on the instance's main thread (the replay's first seconds, every quarter
// hour) does not hold the screens' levels, observations and events. Its own Kafka client and
// registry follower (gauges, stations, shelters: the ids the lane checks; no households), the
// district code list from the owner. Reports its counts and stops when told (live-lane-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { TOPICS } from '@onegrid/contracts';
import { createKafka } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { ProcessorsError } from '../errors.ts';
import { followRegistries } from '../registry/registry-consumer.ts';
import { startLiveLane } from './live-lane.ts';
import type { LaneWorkerData, LaneWorkerMessage, LaneWorkerStatus } from './live-lane-protocol.ts';

const data = workerData as LaneWorkerData;
const port = parentPort;
if (port === null)
  throw new ProcessorsError('WORKER_MISUSED', 'live-lane-worker.ts runs as a worker thread only');
const logger = createLogger('processors-live-lane', data.logLevel);
const kafka = createKafka(data.kafka, logger);
const registry = await followRegistries(kafka, logger, {
  topics: [TOPICS.gauges, TOPICS.stations, TOPICS.shelters],
});
registry.state.useDistrictCodes(data.districts);
const lane = await startLiveLane({
  kafka,
  registry: registry.state,
  logger,
  ...(data.groupPrefix !== undefined ? { groupPrefix: data.groupPrefix } : {}),
});
const report = () => port.postMessage({ kind: 'counts', counts: lane.counts() } satisfies LaneWorkerStatus);
const reporting = setInterval(report, 1_000);
port.on('message', (message: LaneWorkerMessage) => {
  if (message.kind !== 'stop') return;
  clearInterval(reporting);
  void Promise.all([lane.stop(), registry.stop()]).then(
    () => {
      report();
      port.postMessage({ kind: 'stopped' } satisfies LaneWorkerStatus);
      port.close();
    },
    (error: unknown) => {
      logger.error({ err: error }, 'live lane worker: stop failed');
      port.postMessage({ kind: 'stopped' } satisfies LaneWorkerStatus);
      port.close();
    },
  );
});
port.postMessage({ kind: 'started' } satisfies LaneWorkerStatus);
void lane.whenAssigned.then((ok) => port.postMessage({ kind: 'assigned', ok } satisfies LaneWorkerStatus));
