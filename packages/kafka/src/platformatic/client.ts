import type { Logger } from '@onegrid/logging';
import { murmur2 } from '@platformatic/kafka';
import type { KafkaClient } from '../adapter.ts';
import type { KafkaConfig } from '../config.ts';
import { platformaticAdmin } from './admin.ts';
import { platformaticBase } from './base.ts';
import { platformaticGroupSource } from './group-source.ts';
import { platformaticProducer } from './producer.ts';
import { platformaticRead } from './reader.ts';

/**
 * The @platformatic/kafka client of a process. It logs through `debug` and diagnostics
 * channels rather than a logger, so `logger` is unused for now.
 */
export function createPlatformaticClient(
  config: KafkaConfig,
  _logger: Logger,
  clientId: string,
): KafkaClient {
  const base = platformaticBase(config, clientId);
  return {
    implementation: 'platformatic',
    producer: (options) => platformaticProducer(base, options),
    admin: () => platformaticAdmin(base),
    groupSource: (options) => platformaticGroupSource(base, options),
    read: (options) => platformaticRead(base, options),
    // As Java's and kafkajs's default partitioner (the producer uses the compatibility one).
    partitionFor: (key, partitions) => (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions,
  };
}
