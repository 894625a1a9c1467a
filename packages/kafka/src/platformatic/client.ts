import type { Logger } from '@onegrid/logging';
import type { KafkaClient } from '../adapter.ts';
import type { KafkaConfig } from '../config.ts';
import { keyPartition } from '../key-partition.ts';
import { platformaticAdmin } from './admin.ts';
import { platformaticBase } from './base.ts';
import { platformaticGroupSource } from './group-source.ts';
import { platformaticProducer } from './producer.ts';
import { platformaticRead } from './reader.ts';

/** The @platformatic/kafka client of a process; the adapter logs its failures through pino. */
export function createPlatformaticClient(config: KafkaConfig, logger: Logger, clientId: string): KafkaClient {
  const base = platformaticBase(config, clientId);
  const log = logger.child({ component: 'platformatic-kafka' });
  return {
    implementation: 'platformatic',
    producer: (options) => platformaticProducer(base, options),
    admin: () => platformaticAdmin(base),
    groupSource: (options) =>
      platformaticGroupSource(
        base,
        { sessionTimeoutMs: config.ONEGRID_KAFKA_SESSION_TIMEOUT_MS, ...options },
        log,
      ),
    read: (options) => platformaticRead(base, options, log),
    // The producer's own partitioner's partitions (see producer.ts: murmur2 with the sign bit
    // masked, as Java's), without its BigInts (key-partition.ts).
    partitionFor: keyPartition,
  };
}
