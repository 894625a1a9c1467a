/**
 * A Kafka client and admin for code that checks what a generator published (e2e tests, the
 * fingerprint script), configured from `env` like the publisher, quiet below warnings.
 */
import {
  createKafka,
  declareTopics,
  type KafkaAdmin,
  type KafkaClient,
  loadKafkaConfig,
  provisionTopics,
} from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';

export interface FeedKafka {
  kafka: KafkaClient;
  /** Not yet connected. */
  admin: KafkaAdmin;
  /** Creates every contract topic that is missing (the admin must be connected). */
  provision(): Promise<void>;
}

export function feedKafka(env: Record<string, string | undefined>, clientId: string): FeedKafka {
  const config = loadKafkaConfig(env);
  const kafka = createKafka(config, createLogger(clientId, 'warn'), clientId);
  const admin = kafka.admin();
  return {
    kafka,
    admin,
    async provision() {
      await provisionTopics(admin, declareTopics(config), config.ONEGRID_TOPIC_REPLICATION);
    },
  };
}
