import type { Logger } from '@onegrid/logging';
import type { KafkaClient } from './adapter.ts';
import type { KafkaConfig } from './config.ts';
import { createKafkajsClient } from './kafkajs/client.ts';
import { createPlatformaticClient } from './platformatic/client.ts';

/** The Kafka client of a process, of the implementation ONEGRID_KAFKA_CLIENT names. */
export function createKafka(
  config: KafkaConfig,
  logger: Logger,
  clientId = config.KAFKA_CLIENT_ID,
): KafkaClient {
  switch (config.ONEGRID_KAFKA_CLIENT) {
    case 'kafkajs':
      return createKafkajsClient(config, logger, clientId);
    case 'platformatic':
      return createPlatformaticClient(config, logger, clientId);
  }
}
