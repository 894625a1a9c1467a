import type { ConsumerClient, KafkaProducer as Producer } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import type { z } from 'zod';
import type { Codec, Decoded, Rejection } from '../codec.ts';
import type { PartitionOperator } from '../core/operator.ts';
import type { HoldSpec } from '../holding.ts';
import type { StreamMetrics } from '../metrics.ts';
import type { Sink } from '../sinks/sink.ts';
import type { LateEvent } from './late-event.ts';

/** A dead letter as recorded for analysts: where it came from and why, never its bytes. */
export interface DeadLetterRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Processing time it was read, epoch ms. */
  readonly receivedAt: number;
  readonly error: Rejection;
  readonly bytes: number;
  readonly processor: string;
}

export interface ProcessorDefinition<S extends z.ZodType, O> {
  /** Names the consumer group (`onegrid.<name>`) and labels metrics and logs. */
  readonly name: string;
  readonly topic: string;
  /** The topic's schema, handed to the codec's decoder once at start. */
  readonly schema: S;
  eventTime(event: z.output<S>): number;
  /**
   * For a topic whose messages each carry several events (onegrid packs its own internal topics
   * to spare the client a record per event): decodes a message into its events, replacing the
   * codec's decoder of `schema` (which still gives the event type). Every event of a message
   * has the message's offset, so a replay from it replays them all; a message that fails is
   * dead-lettered whole. Not with `check` or `hold`, which judge one event per message.
   */
  readonly decodeMany?: (value: string | Uint8Array | null) => Decoded<readonly z.output<S>[]>;
  /**
   * Rejects a message that decodes but cannot be used (e.g. it names an id no registry knows):
   * it goes to the dead-letter topic like a malformed one, original bytes and reason kept.
   */
  check?(event: z.output<S>): Rejection | undefined;
  /**
   * Awaited when `check` refuses a message of a batch, before checking it again: e.g. until the
   * reference data `check` looks ids up in holds everything published before the batch was.
   */
  ready?(): Promise<void>;
  /**
   * Holds a message `check` refuses for a reason `hold.curable` accepts (its reference data may be late)
   * instead of dead-lettering it at once: it is checked again at each batch and tick, released
   * in offset order once it passes, and dead-lettered with the reason once held `graceMs` of
   * processing time (or pushed out by the bounds). A later message with the same key waits
   * behind it. No offset is committed past a held message. Released messages reach the operator
   * behind the partition's newer offsets: for operators that do not mind order (stores keyed on
   * the message's id), which is what the archives are.
   */
  readonly hold?: HoldSpec;
  /**
   * A partition's operator, built when the partition is assigned (again after every
   * rebalance). It may load what it needs first (e.g. state its previous owner stored):
   * the partition's records wait for it, and its committed offset is read before it is called.
   */
  operator(partition: number): PartitionOperator<z.output<S>, O> | Promise<PartitionOperator<z.output<S>, O>>;
  readonly outOfOrdernessMs: number;
  readonly idleTimeoutMs: number;
  readonly sinks: readonly Sink<O>[];
  readonly late: Sink<LateEvent>;
  /** Where the dead letters this processor publishes are also recorded (reason and size, not bytes). */
  readonly deadLetterLog?: Sink<DeadLetterRecord>;
  /** `publish`: this processor owns the topic's dead letters; `count`: another one publishes them. */
  readonly deadLetters: 'publish' | 'count';
  readonly commitIntervalMs: number;
}

export interface ProcessorDeps {
  readonly consumer: ConsumerClient;
  readonly producer: Producer;
  /** How the topic's bytes become events, and where dead letters go. */
  readonly codec: Codec;
  readonly logger: Logger;
  readonly metrics: StreamMetrics;
  /** Processing time (idle detection, lag metrics). Event time always comes from events. */
  readonly now: () => number;
}

export interface PartitionProgress {
  readonly partition: number;
  /** Messages between the last one processed and the end of the partition, at the last batch. */
  readonly lag: number;
  readonly watermark: number;
}

/** Why a processor stopped by itself: a failure no retry can cure (a sink that refuses its rows). */
export interface ProcessorFailure {
  readonly code: string;
  readonly message: string;
  /** Processing time it stopped, epoch ms. */
  readonly at: number;
}

export interface RunningProcessor {
  /** Where each owned partition stands: for readiness checks and for tests to wait on. */
  progress(): {
    /** Messages read, a message of several events (`decodeMany`) counting as its events. */
    readonly processed: number;
    /** Messages held while reference data catches up (see ProcessorDefinition.hold). */
    readonly held: number;
    readonly partitions: readonly PartitionProgress[];
    /** Set once the processor has stopped on a failure that cannot succeed on retry. */
    readonly failure: ProcessorFailure | undefined;
  };
  /** Flushes every sink, commits, and leaves the group (after a failure: leaves, commits nothing). */
  stop(): Promise<void>;
}
