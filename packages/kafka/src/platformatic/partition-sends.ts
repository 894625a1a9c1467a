import type { MessageToProduce } from '@platformatic/kafka';

/** The records of one partition of one topic, in the order they were given. */
export interface PartitionGroup {
  readonly topic: string;
  readonly partition: number;
  readonly messages: MessageToProduce[];
}

/**
 * Splits records by partition, each `partition` already chosen (`choose`) and taken modulo the
 * topic's partition count. Why: @platformatic/kafka 2.12.1 groups a send's records by leader
 * and, on every retry, sends the whole group to the current leader of its first record's
 * partition. After a broker dies its partitions move to different nodes, so a group spanning two
 * of them is refused (`NOT_LEADER_OR_FOLLOWER`) on every retry until the client gives up. One
 * partition per send always has one leader to follow.
 */
export function groupByPartition(
  messages: readonly MessageToProduce[],
  partitionsOf: (topic: string) => number,
  choose: (message: MessageToProduce) => number,
): PartitionGroup[] {
  const groups = new Map<string, PartitionGroup>();
  for (const message of messages) {
    const partition = choose(message) % partitionsOf(message.topic);
    const id = `${message.topic}\u0000${partition}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { topic: message.topic, partition, messages: [] };
      groups.set(id, group);
    }
    group.messages.push({ ...message, partition });
  }
  return [...groups.values()];
}

/**
 * Runs sends one after the other per partition: a later batch of a partition starts only once
 * the earlier one is acknowledged or refused. The client numbers an idempotent producer's
 * records when a send starts; a batch still backing off while a later one of its partition went
 * out would be refused as out of order (and the client would start a new producer id).
 */
export class PartitionQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(topic: string, partition: number, send: () => Promise<T>): Promise<T> {
    const id = `${topic}\u0000${partition}`;
    const previous = this.#tails.get(id) ?? Promise.resolve();
    // The previous send's failure is its caller's to handle; this one starts either way.
    const mine = previous.then(send, send);
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(id, tail);
    void tail.then(() => {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    });
    return mine;
  }
}
