import type { KafkaAdmin } from './adapter.ts';
import { KafkaAdapterError } from './errors.ts';
import { type TopicDeclaration, topicConfigEntries } from './topics.ts';

export interface ProvisionReport {
  readonly created: readonly string[];
  readonly grown: readonly string[];
  readonly unchanged: readonly string[];
}

/**
 * Brings the broker in line with the declarations: creates missing topics, adds partitions
 * where fewer exist than declared. Never deletes or shrinks (Kafka cannot shrink, and a
 * deleted topic is lost data). Running it twice is harmless.
 */
export async function provisionTopics(
  admin: KafkaAdmin,
  declarations: readonly TopicDeclaration[],
  replicationFactor = -1,
): Promise<ProvisionReport> {
  try {
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((d) => !existing.has(d.topic));
    if (missing.length > 0) {
      await admin.createTopics(
        missing.map((d) => ({
          topic: d.topic,
          partitions: d.partitions,
          replicationFactor,
          config: Object.fromEntries(topicConfigEntries(d).map((e) => [e.name, e.value])),
        })),
      );
      await untilServing(
        admin,
        missing.map((d) => d.topic),
      );
    }
    const present = declarations.filter((d) => existing.has(d.topic));
    const grown: string[] = [];
    if (present.length > 0) {
      const metadata = await admin.topicPartitions(present.map((d) => d.topic));
      const counts = new Map([...metadata].map(([name, partitions]) => [name, partitions.length]));
      const toGrow = present.filter((d) => (counts.get(d.topic) ?? 0) < d.partitions);
      if (toGrow.length > 0) {
        await admin.createPartitions(toGrow.map((d) => ({ topic: d.topic, count: d.partitions })));
        grown.push(...toGrow.map((d) => d.topic));
      }
    }
    return {
      created: missing.map((d) => d.topic),
      grown,
      unchanged: present.map((d) => d.topic).filter((t) => !grown.includes(t)),
    };
  } catch (cause) {
    throw new KafkaAdapterError(
      'PROVISION_FAILED',
      `topic provisioning failed: ${(cause as Error).message}`,
      {
        retriable: true,
        cause,
      },
    );
  }
}

/**
 * A created topic's leaders may not answer offset requests for a moment (KRaft brokers learn
 * the new partitions asynchronously); "provisioned" means usable, so wait for that.
 */
async function untilServing(
  admin: KafkaAdmin,
  topics: readonly string[],
  deadlineMs = 15_000,
): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  for (const topic of topics) {
    for (;;) {
      try {
        await admin.topicOffsets(topic);
        break;
      } catch (error) {
        if (performance.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}
