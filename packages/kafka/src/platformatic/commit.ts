import { type ConnectionPool, type Consumer, findCoordinatorV6, offsetCommitV8 } from '@platformatic/kafka';
import { KafkaAdapterError } from '../errors.ts';
import { coordinatorMoved, generationEnded, protocolReasons, retryDelay } from './retry.ts';

export interface CommitPoint {
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string;
}

const GROUP_KEY = 0;

const reasons = (error: unknown): string => {
  const ids = protocolReasons(error);
  return ids.length > 0 ? `: ${ids.join(', ')}` : '';
};
const ATTEMPTS = 8;

/**
 * Offset commits with metadata for one member, sent as raw OffsetCommit v8 (2.12.1's own
 * `commit()` always sends `committedMetadata: null`). The coordinator is looked up here, not
 * taken from the consumer: the consumer forgets a moved coordinator only when one of its own
 * requests fails, so a commit could go on to a dead or former coordinator (NOT_COORDINATOR)
 * while its heartbeats still succeeded elsewhere. A commit refused because the coordinator
 * moved or could not be reached is sent again to the one looked up anew; one refused because
 * the generation ended is not (the partitions' next owner replays from the previous commit).
 */
export function memberCommitter(consumer: Consumer, pool: ConnectionPool, groupId: string, topic: string) {
  let coordinator: number | undefined;

  const brokers = async () => (await consumer.metadata({ topics: [topic], forceUpdate: true })).brokers;

  /** FindCoordinator asked of each broker in turn: a dead one refuses the connection. */
  const findCoordinator = async (): Promise<number> => {
    let last: unknown;
    for (const broker of (await brokers()).values()) {
      try {
        const connection = await pool.get(broker);
        const response = await findCoordinatorV6.api.async(connection, GROUP_KEY, [groupId]);
        const found = response.coordinators.find((c) => c.key === groupId);
        if (found !== undefined && found.errorCode === 0) return found.nodeId;
        last = new KafkaAdapterError('COMMIT_REFUSED', `FindCoordinator answered error ${found?.errorCode}`, {
          retriable: true,
        });
      } catch (error) {
        last = error;
      }
    }
    throw (
      last ??
      new KafkaAdapterError('COMMIT_REFUSED', 'no broker in the cluster metadata', { retriable: true })
    );
  };

  const commitOnce = async (points: readonly CommitPoint[], generation: number, memberId: string) => {
    coordinator ??= await findCoordinator();
    const broker = (await brokers()).get(coordinator);
    if (broker === undefined) {
      coordinator = undefined;
      throw new KafkaAdapterError('COMMIT_REFUSED', 'group coordinator not in the cluster metadata', {
        retriable: true,
      });
    }
    await offsetCommitV8.api.async(await pool.get(broker), groupId, generation, memberId, null, [
      {
        name: topic,
        partitions: points.map((p) => ({
          partitionIndex: p.partition,
          committedOffset: BigInt(p.offset),
          committedLeaderEpoch: -1,
          committedMetadata: p.metadata,
        })),
      },
    ]);
  };

  return async function commit(points: readonly CommitPoint[]): Promise<void> {
    // The generation the points were taken in: a rebalance meanwhile makes the commit refused.
    const generation = consumer.generationId;
    const memberId = consumer.memberId ?? '';
    for (let attempt = 1; ; attempt++) {
      try {
        await commitOnce(points, generation, memberId);
        return;
      } catch (error) {
        const retriable =
          !generationEnded(error) && (coordinatorMoved(error) || error instanceof KafkaAdapterError);
        if (!retriable || attempt >= ATTEMPTS || consumer.generationId !== generation) {
          throw new KafkaAdapterError(
            'COMMIT_REFUSED',
            `offset commit of ${groupId} refused${reasons(error)}`,
            {
              retriable: !generationEnded(error),
              cause: error,
            },
          );
        }
        coordinator = undefined;
        await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
      }
    }
  };
}
