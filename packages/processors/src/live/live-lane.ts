import { randomUUID } from 'node:crypto';
import { decode, INTERNAL_TOPICS, schemaFor, TOPICS } from '@onegrid/contracts';
import type { KafkaClient, KafkaProducer, RecordBatch, TopicReader } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import type { RegistryState } from '../registry/registry-state.ts';
import { whenGroupsAssigned } from './groups-assigned.ts';
import { laneProducer } from './lane-producer.ts';
import { type LiveInput, toLiveEvent } from './live-event.ts';
import { startTicketLane, type TicketLane } from './ticket-lane.ts';

/** The inputs whose screens the lane feeds: stateless, cheap, and small next to the meters. */
export const LIVE_LANE_INPUTS = [
  TOPICS.waterLevels,
  TOPICS.weatherObservations,
  TOPICS.evacuations,
  TOPICS.resources,
] as const satisfies readonly LiveInput[];

/** How long the lane's readiness waits for its groups to be assigned before it says so and gives up. */
const ASSIGNED_WITHIN_MS = 60_000;

/** Sends in flight before a batch waits for the oldest (bounds memory while a leader is down). */
const MAX_IN_FLIGHT = 64;

export interface LiveLaneOptions {
  readonly kafka: KafkaClient;
  /** The instance's registry (the archives' own): an id it lacks is left to the archive. */
  readonly registry: RegistryState;
  readonly logger: Logger;
  /** The lane's group is `<groupPrefix>live-lane.<uuid>`: one per instance, reading every partition. */
  readonly groupPrefix?: string;
  /**
   * Tests: the topics read, by the input each stands for (default: the four contract topics), and
   * the topic written (default: the contract's).
   */
  readonly topics?: { readonly inputs?: Partial<Record<LiveInput, string>>; readonly output?: string };
  /**
   * Whether the tickets' lane runs beside it (ticket-lane.ts; default: when `topics` is not
   * given, i.e. on the contract's topics), or on these topics.
   */
  readonly tickets?: boolean | { readonly input: string; readonly output: string };
}

export interface LiveLaneCounts {
  /** Copies published. */
  readonly published: number;
  /** Messages left to the archive: invalid, or naming an id or district the registry lacks. */
  readonly skipped: number;
  /** Sends that failed (the archive's copy still comes; the server catches up from the store). */
  readonly failed: number;
}

export interface LiveLane {
  counts(): LiveLaneCounts;
  /**
   * True once the lane's groups are joined and assigned (it copies the storm's first readings as
   * they come), false when they were not within a bound (said in the log; it reads once they
   * are). Never rejects. Only readiness waits on it: the lane is for speed, no output waits on it.
   */
  readonly whenAssigned: Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The hot standby of the screens' cheap live channels (issue 18). Every processor instance runs
 * one, in a consumer group of its own, so each reads every partition of the water levels,
 * weather, evacuations and resources: when an instance dies, the others' lanes go on while its
 * archives' partitions wait for its session to expire (10 s). Each accepted message (valid by its
 * schema, its ids and district on the registry, the archive's own check) is copied to
 * `onegrid.internal.live-lane`, in the shape of its archive's copy, which only the server reads:
 * the server's models merge by key, so two or three copies show as one, and no processor reads
 * the lane, so nothing is stored or counted twice. A message the registry does not know yet is
 * left to the archive, which holds it; the lane never holds, commits or retries: it starts at the
 * topics' ends, and a failed send is logged and counted (the archive's copy follows). The
 * tickets' lane (ticket-lane.ts) runs beside it; its counts are added to the lane's.
 */
export async function startLiveLane(options: LiveLaneOptions): Promise<LiveLane> {
  const { kafka, registry, logger } = options;
  const output = options.topics?.output ?? INTERNAL_TOPICS.liveLane;
  const renamed = options.topics?.inputs;
  const inputOf = new Map<string, LiveInput>(
    renamed === undefined
      ? LIVE_LANE_INPUTS.map((t) => [t, t] as const)
      : LIVE_LANE_INPUTS.flatMap((t) => (renamed[t] === undefined ? [] : [[renamed[t], t] as const])),
  );
  let published = 0;
  let skipped = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const producer: KafkaProducer = await laneProducer(kafka, output, { lane: 'live lane', logger });

  const send = (messages: { key: string; value: string }[]): void => {
    const sent: Promise<void> = producer
      .send({ topic: output, messages })
      .then(
        () => {
          published += messages.length;
        },
        (error: unknown) => {
          failed += messages.length;
          logger.warn(
            { err: error, topic: output, messages: messages.length, failed },
            'live lane send failed',
          );
        },
      )
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };

  // The copies of every batch handled in one turn of the loop, sent together at its end: one
  // fetch's batches (a partition each, up to every partition of four topics at the replay's
  // start) were a send, so a produce request per broker, each: soak 2026-12-07, the lane thread
  // spent 14 of 73 s of the first window in socket writes (kafkajs requests; on two busy cores a
  // write to a broker wakes its JVM, which takes the core). A turn ends within the same fetch.
  let pending: { key: string; value: string }[] = [];
  let flushing: NodeJS.Immediate | undefined;
  const flush = () => {
    flushing = undefined;
    const messages = pending;
    pending = [];
    // Not awaited: a send to a dead broker's partition must not hold the next batch, whose
    // partition may be led by a live one. The server merges by key, so order does not matter.
    if (messages.length > 0) send(messages);
  };

  const onBatch = async (batch: RecordBatch): Promise<void> => {
    const input = inputOf.get(batch.topic);
    if (input === undefined) return;
    let copied = 0;
    for (const record of batch.records) {
      const decoded = decode(schemaFor(input), record.value?.toString('utf8') ?? null);
      const event = decoded.ok ? toLiveEvent(input, decoded.value as never, registry) : undefined;
      if (event === undefined) skipped++;
      else {
        pending.push(event);
        copied++;
      }
    }
    if (copied === 0) return;
    flushing ??= setImmediate(flush);
    while (inFlight.size > MAX_IN_FLIGHT) await Promise.race(inFlight);
  };

  const ticketsOption = options.tickets ?? options.topics === undefined;
  let tickets: TicketLane | undefined;
  let reader: TopicReader;
  const groupId = `${options.groupPrefix ?? 'onegrid.'}live-lane.${randomUUID()}`;
  try {
    if (ticketsOption !== false)
      tickets = await startTicketLane({
        kafka,
        registry,
        logger,
        ...(options.groupPrefix !== undefined ? { groupPrefix: options.groupPrefix } : {}),
        ...(ticketsOption === true ? {} : { topics: ticketsOption }),
      });
    reader = await kafka.read({
      groupId,
      topics: [...inputOf.keys()],
      fromBeginning: false,
      // An idle fetch is held this long by the broker, a new record answers it at once: not a
      // delay, only how often an idle lane asks (at 50 ms, 20 requests a second per broker).
      maxWaitMs: 500,
      deleteGroupOnStop: true,
      onBatch,
    });
  } catch (error) {
    await tickets?.stop();
    await producer.disconnect();
    throw error;
  }
  // Assigned means the storm's first readings are copied as they come, not after a join (on two
  // busy cores a join takes seconds). Not awaited here: the lane is only for speed, and the
  // archives and alerts start after it (start-processors.ts); readiness waits on it, bounded.
  const assigning = Date.now();
  const stopping = new AbortController();
  const whenAssigned = whenGroupsAssigned(
    kafka,
    [groupId, ...(tickets === undefined ? [] : [tickets.groupId])],
    { deadlineMs: ASSIGNED_WITHIN_MS, signal: stopping.signal },
  ).then(
    () => {
      logger.info({ ms: Date.now() - assigning }, 'live lane: groups joined and assigned');
      return true;
    },
    (error: unknown) => {
      if (!stopping.signal.aborted)
        logger.warn({ err: error }, 'live lane: groups not assigned in time; it reads once they are');
      return false;
    },
  );
  return {
    whenAssigned,
    counts: () => {
      const t = tickets?.counts() ?? { published: 0, skipped: 0, failed: 0 };
      return { published: published + t.published, skipped: skipped + t.skipped, failed: failed + t.failed };
    },
    async stop() {
      stopping.abort();
      await Promise.all([
        reader.stop().catch((error: unknown) => {
          logger.warn({ err: error }, 'could not stop the live lane reader or delete its group');
        }),
        // Logged, not thrown here: the last turn's copies below must still be sent.
        tickets?.stop().catch((error: unknown) => {
          logger.warn({ err: error }, 'could not stop the live lane ticket reader');
        }),
      ]);
      // What the last turn copied, sent before the producer goes.
      if (flushing !== undefined) clearImmediate(flushing);
      flush();
      await Promise.allSettled(inFlight);
      // The lane is only for speed: its producer failing to leave must not stop the instance's
      // shutdown (the archives' producers and the registry follower still have to be stopped).
      await producer.disconnect().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not disconnect the live lane producer');
      });
    },
  };
}
