import { randomUUID } from 'node:crypto';
import { type TicketConfigInput, type TicketOutput, TicketTracker } from '@onegrid/analytics/tickets';
import { decode, INTERNAL_TOPICS, schemaFor, TOPICS, toEpochMs } from '@onegrid/contracts';
import type { KafkaClient, KafkaProducer, RecordBatch, TopicReader } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { registryCheck } from '../archive/archives.ts';
import type { RegistryState } from '../registry/registry-state.ts';
import { TICKET_OUT_OF_ORDERNESS_MS, TICKETS_PROCESSOR } from '../tickets/tickets-processor.ts';
import { laneProducer } from './lane-producer.ts';

export interface TicketLaneOptions {
  readonly kafka: KafkaClient;
  /** The district code list a `reported` event's district is checked against (the processor's check). */
  readonly registry: RegistryState;
  readonly logger: Logger;
  /** The ticket processor's group is `<groupPrefix>ticket-response`; the lane's `<groupPrefix>ticket-lane.<uuid>`. */
  readonly groupPrefix?: string;
  readonly config?: TicketConfigInput;
  /** Tests: the events read and the rows written (default: the contract's topics). */
  readonly topics?: { readonly input?: string; readonly output?: string };
}

export interface TicketLane {
  /** `settledLeft`: rows of tickets already settled in the lane's copy, left to the processor. */
  counts(): { published: number; skipped: number; failed: number; settledLeft: number };
  /** Its reader's consumer group: the lane is ready once it is assigned (groups-assigned.ts). */
  readonly groupId: string;
  stop(): Promise<void>;
}

interface PartitionState {
  readonly tracker: TicketTracker;
  /** The highest event time seen, less the out-of-orderness: no idle advance (see below). */
  watermark: number;
  /** Rows of offsets before this were published by the processor already: rebuilt, not sent. */
  readonly liveFrom: number;
  /** Tickets whose row the lane has seen settled → when (event time), in the order seen. */
  readonly settled: Map<string, number>;
}

/** A row's status after which the processor may drop the ticket (facts.ts: `settled`). */
const SETTLED = new Set(['closed', 'cancelled', 'rated']);

/**
 * The tickets' hot standby (issue 18, item 5). Ticket rows are the ticket processor's state, on
 * an instance's main thread behind the meter bursts, and its partitions wait for a killed
 * instance's session: the lane keeps a second copy of that state per partition, in a group of
 * its own reading every partition, and sends each changed row to `onegrid.internal.ticket-rows`
 * (the processor's own row topic, which the server reads and merges by ticket, the higher
 * version winning). It starts where the processor's group committed (the commit never passes an
 * event an open ticket needs), so it holds every event of every open ticket; rows rebuilt from
 * what was there before it started are not sent (the processor sent them).
 *
 * Exactness: a row's version is the ticket's event count × 256 plus the watermark-driven changes
 * passed. The lane's watermark follows the events alone (never an idle partition's advance), so
 * it is never ahead of the processor's for the same partition: the lane's row for given events
 * has a version at most the processor's, and what the store and the screens end with is the
 * processor's row. Until the processor's row comes, the screen may show a change that waits for
 * the watermark (an overdue flag) a little later than the processor would.
 * Settled tickets are the exception: the processor drops one once its watermark (which, unlike
 * the lane's, also moves on an idle partition) passes the settlement + `settledRetentionMs`, and
 * answers a later event for it as late, with no row; the lane, behind, would still accept it and
 * send a row the processor never writes. So once a ticket's row is settled, the lane sends no
 * further row for it: what follows is the processor's alone (review of 2026-12-06).
 */
export async function startTicketLane(options: TicketLaneOptions): Promise<TicketLane> {
  const { kafka, registry, logger } = options;
  const input = options.topics?.input ?? TOPICS.ticketEvents;
  const output = options.topics?.output ?? INTERNAL_TOPICS.ticketRows;
  const prefix = options.groupPrefix ?? 'onegrid.';
  const check = registryCheck(TOPICS.ticketEvents, registry);
  const admin = kafka.admin();
  await admin.connect();
  const from = new Map<number, number>();
  const end = new Map<number, number>();
  try {
    for (const p of await admin.topicOffsets(input)) {
      from.set(p.partition, p.low);
      end.set(p.partition, p.high);
    }
    for (const c of await admin.groupOffsets(`${prefix}${TICKETS_PROCESSOR}`, input))
      if (c.offset >= 0) from.set(c.partition, Math.max(c.offset, from.get(c.partition) ?? 0));
  } finally {
    await admin.disconnect();
  }
  const partitions = new Map<number, PartitionState>();
  const stateOf = (partition: number): PartitionState => {
    let state = partitions.get(partition);
    if (state === undefined) {
      state = {
        tracker: new TicketTracker(options.config ?? {}),
        watermark: Number.NEGATIVE_INFINITY,
        liveFrom: end.get(partition) ?? 0,
        settled: new Map(),
      };
      partitions.set(partition, state);
    }
    return state;
  };
  let published = 0;
  let skipped = 0;
  let failed = 0;
  let settledLeft = 0;
  const inFlight = new Set<Promise<void>>();
  const producer: KafkaProducer = await laneProducer(kafka, output, { lane: 'ticket lane', logger });
  let reader: TopicReader | undefined;

  const onBatch = async (batch: RecordBatch): Promise<void> => {
    const start = from.get(batch.partition) ?? 0;
    const first = batch.records[0]?.offset;
    if (first !== undefined && first < start && reader !== undefined) {
      reader.seek(batch.topic, batch.partition, start);
      return;
    }
    const state = stateOf(batch.partition);
    for (const record of batch.records) {
      if (record.offset < start) continue;
      const decoded = decode(schemaFor(TOPICS.ticketEvents), record.value?.toString('utf8') ?? null);
      if (!decoded.ok || check?.(decoded.value) !== undefined) {
        skipped++; // the processor dead-letters it
        continue;
      }
      state.tracker.apply(decoded.value, record.offset);
      state.watermark = Math.max(state.watermark, toEpochMs(decoded.value.ts) - TICKET_OUT_OF_ORDERNESS_MS);
    }
    const rows: { key: string; value: string }[] = [];
    state.tracker.advance(state.watermark, {
      emit: (o: TicketOutput) => {
        if (o.kind !== 'ticket') return;
        const id = o.row.ticket_id;
        if (state.settled.has(id)) {
          settledLeft++;
          return;
        }
        if (SETTLED.has(o.row.status)) state.settled.set(id, state.watermark);
        rows.push({ key: id, value: JSON.stringify(o.row) });
      },
    });
    // The lane's tracker has dropped (and answers as late) what settled a retention ago: forget it.
    const retention = state.tracker.config.settledRetentionMs;
    for (const [id, at] of state.settled) {
      if (at + retention * 2 > state.watermark) break;
      state.settled.delete(id);
    }
    if (rows.length === 0 || batch.lastOffset < state.liveFrom) return;
    // Not awaited, as the live lane's sends: a dead leader's partition must not hold the next batch.
    const sent: Promise<void> = producer
      .send({ topic: output, messages: rows })
      .then(
        () => {
          published += rows.length;
        },
        (error: unknown) => {
          failed += rows.length;
          logger.warn({ err: error, topic: output, rows: rows.length, failed }, 'ticket lane send failed');
        },
      )
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    while (inFlight.size > 64) await Promise.race(inFlight);
  };

  const groupId = `${prefix}ticket-lane.${randomUUID()}`;
  try {
    reader = await kafka.read({
      groupId,
      topics: [input],
      fromBeginning: true,
      maxWaitMs: 500,
      deleteGroupOnStop: true,
      onBatch,
    });
  } catch (error) {
    await producer.disconnect();
    throw error;
  }
  const running = reader;
  return {
    counts: () => ({ published, skipped, failed, settledLeft }),
    groupId,
    async stop() {
      await running.stop().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not stop the ticket lane reader or delete its group');
      });
      await Promise.allSettled(inFlight);
      await producer.disconnect().catch((error: unknown) => {
        logger.warn({ err: error }, 'could not disconnect the ticket lane producer');
      });
    },
  };
}
