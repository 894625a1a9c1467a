import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { isLocalKafkaRunning, kafkaScript } from './local-kafka.ts';

/**
 * End-to-end tests run against a real broker. With KAFKA_BROKERS set, that one; otherwise the
 * local broker of infra/kafka, started here and stopped after when this run started it
 * (a broker already running, e.g. the demo's, is used and left running).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let startedHere = false;
  if (process.env.KAFKA_BROKERS === undefined || process.env.KAFKA_BROKERS === '') {
    if (!(await isLocalKafkaRunning())) {
      await kafkaScript('start');
      startedHere = true;
      // For the run's watchdog (run-vitest.ts): this broker is the run's to stop, not the user's.
      const state = process.env.ONEGRID_TEST_STATE;
      if (state !== undefined && state !== '') writeFileSync(path.join(state, 'started-kafka'), '');
    }
    process.env.KAFKA_BROKERS = await kafkaScript('bootstrap-servers');
  }
  project.provide('kafkaBrokers', process.env.KAFKA_BROKERS);
  return async () => {
    if (startedHere) await kafkaScript('stop');
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}
