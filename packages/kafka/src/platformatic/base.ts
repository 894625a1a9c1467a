import type { KafkaConfig } from '../config.ts';
import { retryDelay } from './retry.ts';

/** Options every @platformatic/kafka client of a process shares. */
export interface PlatformaticBase {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  readonly retries: number;
  readonly retryDelay: (client: unknown, operationId: string, attempt: number) => number;
}

export function platformaticBase(config: KafkaConfig, clientId: string): PlatformaticBase {
  // Backing off as kafkajs does (./retry.ts): a fixed 200 ms gave up before a dead broker's
  // partitions had moved, and the consumer's stream ended.
  return {
    clientId,
    bootstrapBrokers: [...config.KAFKA_BROKERS],
    retries: 8,
    retryDelay: (_client, _operationId, attempt) => retryDelay(attempt),
  };
}

export const headersText = (headers: Map<Buffer, Buffer> | undefined): Record<string, string> => {
  const text: Record<string, string> = {};
  for (const [k, v] of headers ?? []) text[k.toString('utf8')] = v.toString('utf8');
  return text;
};
