import type { Logger } from '@onegrid/logging';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { KafkaConfig } from './config.ts';
import { kafkajsLevel } from './log-level.ts';

/**
 * The kafkajs client of a process, logging through pino instead of its own console logger.
 * Producers use kafkajs' default partitioner, the Java client's murmur2: the same key lands
 * on the same partition whichever client wrote it. Its one-time notice about having changed
 * in kafkajs 2.0 is therefore silenced.
 */
export function createKafka(config: KafkaConfig, logger: Logger, clientId = config.KAFKA_CLIENT_ID): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[kafkajsLevel(level, entry)](rest, message);
      },
  });
}
