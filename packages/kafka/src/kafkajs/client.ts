import type { Logger } from '@onegrid/logging';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { KafkaClient } from '../adapter.ts';
import type { KafkaConfig } from '../config.ts';
import { keyPartition } from '../key-partition.ts';
import { kafkajsLevel } from '../log-level.ts';
import { kafkajsAdmin } from './admin.ts';
import { CrashHooks } from './crash-hooks.ts';
import { kafkajsGroupSource } from './group-source.ts';
import { kafkajsProducer } from './producer.ts';
import { kafkajsRead } from './reader.ts';

/**
 * The kafkajs client of a process, logging through pino instead of its own console logger.
 * Producers use kafkajs' default partitioner, the Java client's murmur2: the same key lands
 * on the same partition whichever client wrote it. Its one-time notice about having changed
 * in kafkajs 2.0 is therefore silenced.
 */
export function createKafkajsClient(config: KafkaConfig, logger: Logger, clientId: string): KafkaClient {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const log = logger.child({ component: 'kafkajs' });
  const crashes = new CrashHooks();
  const kafka = new Kafka({
    clientId,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[kafkajsLevel(level, entry)](rest, message);
        crashes.logged(level, entry);
      },
  });
  return {
    implementation: 'kafkajs',
    producer: (options) => kafkajsProducer(kafka, options),
    admin: () => kafkajsAdmin(kafka),
    groupSource: (options) =>
      kafkajsGroupSource(kafka, { sessionTimeoutMs: config.ONEGRID_KAFKA_SESSION_TIMEOUT_MS, ...options }),
    read: (options) => kafkajsRead(kafka, options, log, crashes),
    // kafkajs's DefaultPartitioner's partitions, without its BigInt per step (key-partition.ts).
    partitionFor: keyPartition,
  };
}
