// Creates every topic of the stream contract (and its dead-letter topic) on the configured brokers.
import { createLogger } from '@onegrid/logging';
import { createKafka, declareTopics, loadKafkaConfig, provisionTopics } from '../index.ts';

const config = loadKafkaConfig();
const admin = createKafka(config, createLogger('provision')).admin();
await admin.connect();
try {
  const report = await provisionTopics(admin, declareTopics(config), config.ONEGRID_TOPIC_REPLICATION);
  console.log(
    `topics on ${config.KAFKA_BROKERS.join(',')}: created ${report.created.length}, grown ${report.grown.length}, unchanged ${report.unchanged.length}`,
  );
} finally {
  await admin.disconnect();
}
