import type { KafkaConfig } from '../config.ts';

/** Options every @platformatic/kafka client of a process shares. */
export interface PlatformaticBase {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  readonly retries: number;
  readonly retryDelay: number;
}

export function platformaticBase(config: KafkaConfig, clientId: string): PlatformaticBase {
  return { clientId, bootstrapBrokers: [...config.KAFKA_BROKERS], retries: 8, retryDelay: 200 };
}

export const headersText = (headers: Map<Buffer, Buffer> | undefined): Record<string, string> => {
  const text: Record<string, string> = {};
  for (const [k, v] of headers ?? []) text[k.toString('utf8')] = v.toString('utf8');
  return text;
};
