// Real Kafka and real ClickHouse for the end-to-end tests, with names fresh per test.
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { inject } from 'vitest';

export const logger = createLogger('e2e', process.env.LOG_LEVEL ?? 'error');

export function testKafka(): Kafka {
  return createKafka(
    loadKafkaConfig({
      KAFKA_BROKERS: inject('kafkaBrokers'),
      ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
    }),
    logger,
  );
}

/**
 * `startProcessors`' utilityWorker when the run asks for it (`ONEGRID_UTILITY_WORKER=on`): the
 * same e2e tests then prove the worker thread exact (issue 17).
 */
export function utilityWorkerOption(): { utilityWorker?: { kafka: ReturnType<typeof loadKafkaConfig> } } {
  if (process.env.ONEGRID_UTILITY_WORKER !== 'on') return {};
  const kafka = loadKafkaConfig({
    KAFKA_BROKERS: inject('kafkaBrokers'),
    ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT,
  });
  return { utilityWorker: { kafka } };
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createTopics(
  kafka: Kafka,
  topics: { topic: string; partitions: number }[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics(topics);
  } finally {
    await admin.disconnect();
  }
}

/** A migrated store of its own in a fresh folder (or on the server CLICKHOUSE_URL names). */
export async function testStore(dir?: string): Promise<{ store: Store; dir: string }> {
  const folder = dir ?? (await mkdtemp(path.join(tmpdir(), 'onegrid-e2e-chdb-')));
  const store = await openStore(loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: folder }));
  await migrate(store.client);
  return { store, dir: folder };
}
