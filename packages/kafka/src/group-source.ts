/** One message as read from a partition: bytes untouched, offsets as numbers. */
export interface RawMessage {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export interface RawBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly RawMessage[];
  /** Offset of the next message the partition will get (for lag). */
  readonly highWatermark: number;
}

export interface BatchControl {
  /** Keeps the group membership alive during a long wait (e.g. a sink that is down). */
  heartbeat(): Promise<void>;
  /** Stops fetching this partition until the returned function is called. */
  pause(): () => void;
  /** True once a rebalance has taken the partition away: stop work on this batch. */
  isStale(): boolean;
}

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

export interface ConsumerHandlers {
  /** The partitions of the topic this member owns from now on (called on every rebalance). */
  onAssignment(partitions: readonly number[]): void;
  /** Called when a rebalance starts (kafkajs rebalances eagerly: every member stops). */
  onRebalancing(): void;
  /** Batches arrive one at a time, in offset order per partition. */
  onBatch(batch: RawBatch, control: BatchControl): Promise<void>;
}

/**
 * The one seam between the runtime and a Kafka client, small enough that another client can
 * be measured behind it. Contract: messages of a partition are delivered in offset order;
 * the fetch position moves past a batch once `onBatch` resolves; nothing is committed unless
 * `commit` is called, and a restart resumes at the last committed offset.
 */
export interface ConsumerClient {
  start(handlers: ConsumerHandlers): Promise<void>;
  committed(partition: number): Promise<CommittedOffset | undefined>;
  commit(points: readonly { partition: number; offset: number; metadata: string }[]): Promise<void>;
  stop(): Promise<void>;
}
