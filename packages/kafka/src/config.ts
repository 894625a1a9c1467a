import { parseEnv } from '@onegrid/config';
import { z } from 'zod';

const hostPort = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;

/** Kafka settings from the environment. Unset KAFKA_BROKERS means the local broker of infra/kafka. */
export const kafkaConfigSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(z.string().regex(hostPort, 'expected host:port[,host:port…]')).min(1)),
  KAFKA_CLIENT_ID: z.string().min(1).default('onegrid'),
  /**
   * The client library behind the adapter. kafkajs by default: platformatic now outlasts a
   * broker kill, but has no reconciled soak since its last fix and did not measure faster
   * under today's load (packages/kafka/README.md).
   */
  ONEGRID_KAFKA_CLIENT: z.enum(['kafkajs', 'platformatic']).default('kafkajs'),
  /**
   * How long a consumer-group member may go without a heartbeat before the broker takes it for
   * dead and moves its partitions (the broker allows 6 s to 30 min by default). 10 s: a crashed
   * member's partitions move within ~11 s (the soak). A member whose thread is held longer than
   * this by one step is evicted, restores its partitions elsewhere and may be held again: at 1M
   * households the utility detector's first judged hour after a restore, and its daily
   * relearning, held the thread 8–20 s for 42k households (docs/measurements.md, wip-first19):
   * a pod holding that many households a partition needs 30–60 s here until that work yields.
   */
  ONEGRID_KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds' })
    .int()
    .min(6_000)
    .max(300_000)
    .default(10_000),
  /** Partitions for the high-volume topics; the registries and outputs take fewer (see topics.ts). */
  ONEGRID_TOPIC_PARTITIONS: z.coerce
    .number({ error: 'expected a whole number of partitions' })
    .int()
    .min(1)
    .max(1000)
    .default(6),
  /** -1 lets the broker use its default.replication.factor (1 locally, 3 on the fault-test cluster). */
  ONEGRID_TOPIC_REPLICATION: z.coerce
    .number({ error: 'expected a replication factor' })
    .int()
    .min(-1)
    .max(7)
    .refine((n) => n !== 0, 'expected -1 (broker default) or a factor from 1')
    .default(-1),
});

export type KafkaConfig = z.output<typeof kafkaConfigSchema>;

export function loadKafkaConfig(env: Record<string, string | undefined> = process.env): KafkaConfig {
  return parseEnv(kafkaConfigSchema, 'Kafka', env);
}
