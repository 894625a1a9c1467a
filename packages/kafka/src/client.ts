import type { Logger } from '@onegrid/logging';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { KafkaConfig } from './config.ts';

const toPino: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** The kafkajs client of a process, logging through pino instead of its own console logger. */
export function createKafka(config: KafkaConfig, logger: Logger, clientId = config.KAFKA_CLIENT_ID): Kafka {
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
        log[toPino[level] ?? 'info'](rest, message);
      },
  });
}
