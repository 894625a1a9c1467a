import type { ConsumerClient } from './group-source.ts';

/**
 * The one seam between onegrid and a Kafka client library. Nothing outside packages/kafka
 * names a client library's types: a second implementation can be measured behind the same
 * interfaces (ONEGRID_KAFKA_CLIENT). Offsets are numbers: a partition would need 2^53 records
 * before that loses precision.
 */
export interface KafkaClient {
  /** Which implementation this is, for logs and bench output. */
  readonly implementation: KafkaClientName;
  producer(options?: ProducerOptions): KafkaProducer;
  admin(): KafkaAdmin;
  /** A consumer-group member for the stream runtime: manual commits with metadata, pause, heartbeat. */
  groupSource(options: GroupSourceOptions): ConsumerClient;
  /** Follows whole topics in a group, handing over batches; resolves once it is running. */
  read(options: ReadOptions): Promise<TopicReader>;
  /** The partition the client's default partitioner sends `key` to (murmur2, as the Java client). */
  partitionFor(key: string, partitions: number): number;
}

export type KafkaClientName = 'kafkajs' | 'platformatic';

export interface ProducerOptions {
  /** Exactly-once per partition and session: retries never write a record twice. */
  readonly idempotent?: boolean;
  /** Whether sending to a missing topic creates it (default: no; topics are provisioned). */
  readonly allowAutoTopicCreation?: boolean;
  /** Requests sent before the first is answered (default: the client's); 1 keeps order across retries. */
  readonly maxInFlightRequests?: number;
}

export interface OutgoingMessage {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly partition?: number;
}

export interface TopicMessages {
  readonly topic: string;
  readonly messages: readonly OutgoingMessage[];
}

/** Where a send wrote, per partition: the offset of its first record there. */
export interface Written {
  readonly topic: string;
  readonly partition: number;
  readonly baseOffset: number;
}

/** Every send waits for all in-sync replicas (acks = all). */
export interface KafkaProducer {
  connect(): Promise<void>;
  /**
   * Loads the metadata of `topics` and opens a connection to each of their partitions' leaders:
   * what the first send to them otherwise waits for. For a process's start, bounded by the caller
   * (`warmProducer`); a send after a failed or unfinished warm-up does both itself.
   */
  warm(topics: readonly string[]): Promise<void>;
  send(batch: TopicMessages): Promise<readonly Written[]>;
  sendBatch(batches: readonly TopicMessages[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface NewTopic {
  readonly topic: string;
  readonly partitions: number;
  /** -1 or absent: the broker's default. */
  readonly replicationFactor?: number;
  readonly config?: Readonly<Record<string, string>>;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** First offset still held. */
  readonly low: number;
  /** Offset the next record will get. */
  readonly high: number;
}

export interface GroupOffset {
  readonly partition: number;
  /** -1 when the group has committed nothing there. */
  readonly offset: number;
  readonly metadata: string | null;
}

export interface PartitionInfo {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  /** Each member's partitions, by topic. */
  readonly members: readonly { readonly memberId: string; readonly assignment: Record<string, number[]> }[];
}

/** What onegrid asks of the cluster: topics, offsets, record deletion, consumer groups. */
export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  describeCluster(): Promise<{ brokers: number; controller: number | null }>;
  listTopics(): Promise<string[]>;
  /** Creates the topics and waits until their leaders answer. */
  createTopics(topics: readonly NewTopic[]): Promise<void>;
  createPartitions(topics: readonly { topic: string; count: number }[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  topicPartitions(topics: readonly string[]): Promise<Map<string, PartitionInfo[]>>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset stamped at or after `timestampMs` (-1: none). */
  offsetsAtTime(topic: string, timestampMs: number): Promise<{ partition: number; offset: number }[]>;
  /** Deletes the records before `offset` in each partition. */
  deleteRecords(topic: string, partitions: readonly { partition: number; offset: number }[]): Promise<void>;
  groupOffsets(groupId: string, topic: string): Promise<GroupOffset[]>;
  listGroups(): Promise<string[]>;
  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]>;
  deleteGroups(groupIds: readonly string[]): Promise<void>;
}

export interface GroupSourceOptions {
  readonly groupId: string;
  readonly topic: string;
  /** Where a group with no committed offset starts (default: the beginning). */
  readonly fromBeginning?: boolean;
  readonly maxBytesPerPartition?: number;
  /** A member silent this long is taken for dead (ONEGRID_KAFKA_SESSION_TIMEOUT_MS; 10 s if not given). */
  readonly sessionTimeoutMs?: number;
  /**
   * kafkajs: decode each record as offset, key and value only (the patch's `leanRecords`): no
   * timestamp, headers nor offset text per record, and no second object per message here.
   * On by default: a group source reads nothing else (issue 17).
   */
  readonly leanRecords?: boolean;
}

/** One record as read: bytes untouched, headers as UTF-8 text. */
export interface KafkaRecord {
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Epoch ms, as the producer or broker stamped it. */
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly KafkaRecord[];
  /** Offset of the batch's last record, counting records compaction or transactions hid. */
  readonly lastOffset: number;
  /**
   * The partition's end (the offset after its last record) as the fetch that brought the batch
   * saw it, when the client says (kafkajs does). A compacted partition whose last records were
   * removed has no batch reaching it: this says the reader was at the end all the same.
   */
  readonly highWatermark?: number;
}

export interface ReadOptions {
  readonly topics: readonly string[];
  readonly groupId: string;
  /** Where a group with no committed offset starts (default: the beginning). */
  readonly fromBeginning?: boolean;
  readonly maxWaitMs?: number;
  /** Bytes fetched per partition at most (the client's default otherwise: kafkajs 1 MiB). */
  readonly maxBytesPerPartition?: number;
  /** Whether stop() deletes the group (a throw-away reader's group would only pile up). */
  readonly deleteGroupOnStop?: boolean;
  /**
   * Only these partitions of the one topic read (default: all). With kafkajs the reader is then
   * alone with them in a group coordinated by one of their replicas (groupId is its prefix): a
   * broker holding none of them can die without stalling it, neither its fetches (kafkajs stops
   * every fetch of a consumer when one broker fails) nor its heartbeats.
   */
  readonly partitions?: readonly number[];
  /** Batches arrive one at a time per partition, in offset order; nothing is committed. */
  onBatch(batch: RecordBatch): Promise<void>;
}

export interface TopicReader {
  /** Moves a partition's position; the next batch of it starts there. */
  seek(topic: string, partition: number, offset: number): void;
  stop(): Promise<void>;
}
