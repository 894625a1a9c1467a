import { KafkaAdapterError } from '../errors.ts';

/** What a warm-up reads of a metadata answer: each topic's partitions and their leaders. */
export interface WarmMetadata {
  readonly topics: ReadonlyMap<string, { readonly partitions: Iterable<{ readonly leader: number }> }>;
}

/**
 * The brokers to connect to warm `topics`: each partition's leader. Throws (not warm) for a topic
 * the answer does not list or lists with no partitions, and for a partition with no leader (-1, an
 * election under way): each topic asked is judged, not each in the answer (before: a topic
 * missing was warm with nothing connected, and no leader at all made `connectToBrokers([])`
 * connect to every broker; review of wip-edges17).
 */
export function warmLeaders(topics: readonly string[], metadata: WarmMetadata): number[] {
  const leaders = new Set<number>();
  for (const name of topics) {
    const partitions = [...(metadata.topics.get(name)?.partitions ?? [])];
    if (partitions.length === 0) throw notWarm(`${name} has no partitions in the metadata`);
    for (const [index, p] of partitions.entries()) {
      if (p.leader < 0) throw notWarm(`${name}[${index}] has no leader`);
      leaders.add(p.leader);
    }
  }
  return [...leaders];
}

const notWarm = (why: string): KafkaAdapterError =>
  new KafkaAdapterError('TOPIC_LEADERS_MISSING', `not warm: ${why}`, { retriable: true });
