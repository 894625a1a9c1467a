// The tickets' lane (issue 18, item 5): a second copy of the ticket processor's state, in a group
// of its own, that sends each changed ticket row to the row topic the server reads. Real broker;
// the topics and the processor's group are this test's own.
import { TicketTracker } from '@onegrid/analytics/tickets';
import type { TicketEvent } from '@onegrid/contracts';
import { RegistryState, startTicketLane } from '@onegrid/processors';
import { describe, expect, it } from 'vitest';
import { createTopics, logger, testKafka, unique } from '../support/stack.ts';
import { waitUntil } from '../support/wait-until.ts';

const kafka = testKafka();
const DISTRICT = '310101';
const report = (id: string, ts: string, district = DISTRICT): TicketEvent =>
  ({
    ticket_id: id,
    event: 'reported',
    ts,
    district,
    street: '310101002',
    category: 'waterlogging',
    source: 'app',
    priority: 'urgent',
    lat: 31.23,
    lon: 121.47,
  }) as TicketEvent;
const stage = (id: string, event: TicketEvent['event'], ts: string): TicketEvent =>
  ({ ticket_id: id, event, ts }) as TicketEvent;

/** This case's own topics, registry and producer (`send`: events, or raw bytes for the dead-letter path). */
async function openRig() {
  const input = unique('e2e-ticket-events');
  const output = unique('e2e-ticket-rows');
  const prefix = `${unique('onegrid.e2e-tickets')}.`;
  await createTopics(kafka, [
    { topic: input, partitions: 1 },
    { topic: output, partitions: 1 },
  ]);
  const registry = new RegistryState();
  registry.useDistrictCodes([DISTRICT]);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const send = (events: readonly (TicketEvent | string)[]) =>
    producer.send({
      topic: input,
      messages: events.map((e) => ({
        key: typeof e === 'string' ? 'T-BAD' : e.ticket_id,
        value: typeof e === 'string' ? e : JSON.stringify(e),
      })),
    });
  const startLane = () =>
    startTicketLane({ kafka, registry, logger, groupPrefix: prefix, topics: { input, output } });
  return { output, producer, send, startLane };
}

/** The rows a screen reads from the row topic, in the order they arrive. */
async function readRows<R>(output: string) {
  const rows: R[] = [];
  const screen = await kafka.read({
    groupId: unique('e2e-ticket-screen'),
    topics: [output],
    fromBeginning: true,
    maxWaitMs: 100,
    deleteGroupOnStop: true,
    onBatch: async (batch) => {
      for (const r of batch.records) rows.push(JSON.parse(r.value?.toString('utf8') ?? 'null'));
    },
  });
  return { rows, screen };
}

describe('ticket lane', () => {
  it("sends each new change of a ticket as the processor's row would be, with the events from before it started", async () => {
    const { output, producer, send, startLane } = await openRig();
    const before = report('T-1', '2026-09-14T02:00:00+08:00');
    await send([before]);
    const { rows, screen } = await readRows<{
      ticket_id: string;
      version: number;
      status: string;
      accepted_at: string | null;
    }>(output);
    const lane = await startLane();
    try {
      const after = [
        stage('T-1', 'accepted', '2026-09-14T02:03:00+08:00'),
        report('T-2', '2026-09-14T02:04:00+08:00'),
        // Left to the processor, which dead-letters them: a district not on the list, bytes that are no event.
        report('T-3', '2026-09-14T02:05:00+08:00', '310199'),
        '{"ticket_id":',
      ];
      await send(after);
      await waitUntil(
        () => (lane.counts().published === 2 && lane.counts().skipped === 2 ? true : undefined),
        {
          deadlineMs: 30_000,
          describe: () => JSON.stringify(lane.counts()),
        },
      );
      await waitUntil(() => (rows.length === 2 ? true : undefined), {
        deadlineMs: 30_000,
        describe: () => JSON.stringify(rows),
      });
      // The processor's tracker given the same events (the lane's watermark: newest event − 5 min).
      const tracker = new TicketTracker();
      const expected: unknown[] = [];
      for (const e of [before, after[0], after[1]] as TicketEvent[]) tracker.apply(e);
      tracker.advance(Date.parse('2026-09-14T02:04:00+08:00') - 5 * 60_000, {
        emit: (o) => {
          if (o.kind === 'ticket') expected.push(o.row);
        },
      });
      // T-1's row carries the report read before the lane started; that report's own row
      // (the processor's to send) is not sent again.
      expect(rows).toEqual(expected);
      expect(rows.map((r) => [r.ticket_id, r.status, r.accepted_at])).toEqual([
        ['T-1', 'accepted', '2026-09-14T02:03:00+08:00'],
        ['T-2', 'reported', null],
      ]);
    } finally {
      await lane.stop();
      await screen.stop();
      await producer.disconnect();
    }
  });

  it('leaves every row after a ticket settled to the processor, which may have dropped it already', async () => {
    // The processor drops a settled ticket once its watermark (moved on an idle partition too)
    // passes the retention, then answers a late event for it with no row; the lane's watermark
    // follows the events alone, so it must not send a row the processor never writes.
    const { output, producer, send, startLane } = await openRig();
    const { rows, screen } = await readRows<{ ticket_id: string; status: string; rated_at: string | null }>(
      output,
    );
    const lane = await startLane();
    try {
      await send([
        report('T-1', '2026-09-14T02:00:00+08:00'),
        stage('T-1', 'accepted', '2026-09-14T02:03:00+08:00'),
        stage('T-1', 'dispatched', '2026-09-14T02:06:00+08:00'),
        stage('T-1', 'resolved', '2026-09-14T03:00:00+08:00'),
        stage('T-1', 'closed', '2026-09-14T03:10:00+08:00'),
      ]);
      await waitUntil(
        () => (rows.some((r) => r.ticket_id === 'T-1' && r.status === 'closed') ? true : undefined),
        {
          deadlineMs: 30_000,
          describe: () => JSON.stringify(rows),
        },
      );
      // A late rating for the settled ticket, then another ticket as a marker that the lane read past it.
      await send([
        { ...stage('T-1', 'rated', '2026-09-14T03:20:00+08:00'), satisfaction: 4 } as TicketEvent,
        report('T-2', '2026-09-14T03:30:00+08:00'),
      ]);
      await waitUntil(() => (rows.some((r) => r.ticket_id === 'T-2') ? true : undefined), {
        deadlineMs: 30_000,
        describe: () => JSON.stringify(rows),
      });
      const t1 = rows.filter((r) => r.ticket_id === 'T-1');
      expect(t1.at(-1)?.status).toBe('closed');
      expect(t1.filter((r) => r.rated_at !== null)).toEqual([]);
      expect(lane.counts().settledLeft).toBeGreaterThanOrEqual(1);
    } finally {
      await lane.stop();
      await screen.stop();
      await producer.disconnect();
    }
  });
});
