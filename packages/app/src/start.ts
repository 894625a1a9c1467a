import { checkKafka, createKafka, declareTopics, type KafkaConfig, provisionTopics } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { buildServer } from '@onegrid/server';
import { migrate, openStore, type StoreConfig } from '@onegrid/store';
import type { AppConfig } from './config.ts';
import { waitFor } from './wait-for.ts';

export interface RunningApp {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Composition root of the main job: one process holds the store (embedded chDB binds its
 * folder to one process), the Kafka clients and the HTTP server. Stops in reverse order.
 */
export async function startApp(
  config: { app: AppConfig; kafka: KafkaConfig; store: StoreConfig },
  logger: Logger,
): Promise<RunningApp> {
  const store = await openStore(config.store);
  const migrations = await migrate(store.client);
  logger.info({ target: store.target, applied: migrations.applied }, 'clickhouse ready');

  const admin = createKafka(config.kafka, logger).admin();
  await waitFor(
    async () => {
      await admin.connect();
      return (await checkKafka(admin)).ok;
    },
    {
      deadlineMs: config.app.ONEGRID_KAFKA_WAIT_S * 1000,
      what: `Kafka at ${config.kafka.KAFKA_BROKERS.join(',')}`,
    },
  );
  const topics = await provisionTopics(
    admin,
    declareTopics(config.kafka),
    config.kafka.ONEGRID_TOPIC_REPLICATION,
  );
  logger.info({ created: topics.created.length, grown: topics.grown.length }, 'kafka topics ready');

  const server = buildServer({
    logger,
    healthChecks: {
      kafka: () => checkKafka(admin),
      clickhouse: async () => {
        const ping = await store.client.ping();
        return ping.success
          ? { ok: true, mode: store.mode, target: store.target }
          : { ok: false, mode: store.mode, error: String(ping.error) };
      },
    },
  });
  const url = await server.listen({ host: config.app.ONEGRID_HTTP_HOST, port: config.app.ONEGRID_HTTP_PORT });
  logger.info({ url }, 'onegrid listening');

  return {
    url,
    async stop() {
      await server.close();
      await admin.disconnect();
      await store.close();
    },
  };
}
