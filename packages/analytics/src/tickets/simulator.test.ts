import { alertSchema, decoderFor, isoCst, type TicketEvent, TOPICS, toEpochMs } from '@onegrid/contracts';
import { collectTruth, createScenario, type TicketTruth } from '@onegrid/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectionPoint } from './detection.ts';
import { type TicketRow, ticketRowSchema, ticketSummonRowSchema } from './rows.ts';
import { Collect } from './test-support.ts';
import { TicketTracker, type TimelineStage } from './tracker.ts';

/** The runtime's watermark: highest event time minus the allowed out-of-orderness. */
const OUT_OF_ORDERNESS_MS = 30 * 60_000;
/** A stage is sent at its time plus at most ~61 s (hotline keying delay); later than `end`, never. */
const MAX_SEND_DELAY_MS = 61_000;

type Stage = TicketTruth['stages'][number];
const stageKey = (s: Stage): string =>
  JSON.stringify([
    s.event,
    toEpochMs(s.ts),
    s.department ?? null,
    s.departments ?? null,
    s.satisfaction ?? null,
  ]);
const timelineKey = (s: TimelineStage): string =>
  JSON.stringify([s.event, s.t, s.department ?? null, s.departments ?? null, s.satisfaction ?? null]);

function run() {
  const truth = collectTruth();
  const scenario = createScenario(
    {
      seed: 11,
      households: 3000,
      hours: 48,
      ticketRateScale: 6,
      streams: { meters: false, weather: false, waterLevels: false },
      pathologies: {
        duplicate: 0.03,
        outOfOrder: 0.05,
        malformed: 0.005,
        wrongType: 0.005,
        outOfRange: 0.005,
        unknownId: 0.01,
      },
    },
    truth,
  );
  const districts = new Set(scenario.city.districts.map((d) => d.code));
  const isKnownDistrict = (code: string) => districts.has(code);
  const tracker = new TicketTracker({ settledRetentionMs: 30 * 86_400_000 }, { isKnownDistrict });
  const out = new Collect();
  const decode = {
    tickets: decoderFor(TOPICS.ticketEvents),
  };
  const seen = { invalid: 0, duplicates: 0, beforeReport: 0, unknown: 0 };
  const reported = new Set<string>();
  const ticketEvents: TicketEvent[] = [];
  let maxTs = Number.NEGATIVE_INFINITY;
  for (const r of scenario.events()) {
    if (r.topic === TOPICS.ticketEvents) {
      const d = decode.tickets(r.value);
      if (!d.ok) {
        seen.invalid++;
        continue;
      }
      const e: TicketEvent = d.value;
      if (e.event === 'reported') reported.add(e.ticket_id);
      else if (!reported.has(e.ticket_id)) seen.beforeReport++;
      const disposition = tracker.apply(e);
      if (disposition === 'accepted' || disposition === 'duplicate') ticketEvents.push(e);
      if (disposition === 'duplicate') seen.duplicates++;
      if (disposition === 'unknown_id') seen.unknown++;
      maxTs = Math.max(maxTs, toEpochMs(e.ts));
      tracker.advance(maxTs - OUT_OF_ORDERNESS_MS, out);
    }
  }
  // End on the detection grid: alerts are raised at grid points, so only there are the open
  // alerts exactly the rows overdue at the last watermark.
  tracker.advance(detectionPoint(maxTs - OUT_OF_ORDERNESS_MS), out);
  const ticketTruth = truth.entries.filter((e): e is TicketTruth => e.type === 'ticket');
  return { scenario, truth: truth.entries, ticketTruth, ticketEvents, tracker, out, seen };
}

describe('analytics > against the simulator (in process)', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run();
  }, 120_000);

  it('saw the feed pathologies it is meant to survive', () => {
    expect(r.ticketTruth.length).toBeGreaterThan(300);
    expect(r.seen.invalid).toBeGreaterThan(0);
    expect(r.seen.duplicates).toBeGreaterThan(0);
    expect(r.seen.beforeReport).toBeGreaterThan(0);
    expect(r.seen.unknown).toBeGreaterThan(0);
  });

  it('rebuilds every ticket: each delivered stage equal to the truth, nothing else', () => {
    const end = r.scenario.end;
    let compared = 0;
    for (const t of r.ticketTruth) {
      const timeline = r.tracker.timeline(t.ticket_id);
      const got = new Set((timeline ?? []).map(timelineKey));
      const truthKeys = new Set(t.stages.map(stageKey));
      for (const s of t.stages) {
        const at = toEpochMs(s.ts);
        if (at + MAX_SEND_DELAY_MS < end)
          expect(got.has(stageKey(s)), `${t.ticket_id} ${s.event} ${s.ts}`).toBe(true);
        if (at >= end) expect(got.has(stageKey(s))).toBe(false);
      }
      for (const key of got) expect(truthKeys.has(key), `${t.ticket_id} extra ${key}`).toBe(true);
      compared += got.size;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('fills each ticket row from the delivered stages: first and last times, department, satisfaction', () => {
    const rows = new Map(r.tracker.rows().map((row) => [row.ticket_id, row]));
    for (const t of r.ticketTruth) {
      const timeline = r.tracker.timeline(t.ticket_id);
      if (timeline === undefined) continue;
      const delivered = new Set(timeline.map(timelineKey));
      const stages = t.stages
        .filter((s) => delivered.has(stageKey(s)))
        .sort((a, b) => toEpochMs(a.ts) - toEpochMs(b.ts));
      const row = rows.get(t.ticket_id);
      if (!stages.some((s) => s.event === 'reported')) {
        expect(row).toBeUndefined();
        continue;
      }
      expect(row).toBeDefined();
      if (row === undefined) continue;
      const times = (event: string) => stages.filter((s) => s.event === event).map((s) => toEpochMs(s.ts));
      const first = (event: string) => {
        const list = times(event);
        return list.length === 0 ? null : isoCst(Math.min(...list));
      };
      const last = (event: string) => {
        const list = times(event);
        return list.length === 0 ? null : isoCst(Math.max(...list));
      };
      const rating = stages.filter((s) => s.event === 'rated').at(-1);
      expect(row).toMatchObject({
        district: t.district,
        street: t.street,
        category: t.category,
        priority: t.priority,
        source: t.source,
        reported_at: first('reported'),
        accepted_at: first('accepted'),
        dispatched_at: first('dispatched'),
        first_resolved_at: first('resolved'),
        resolved_at: last('resolved'),
        feedback_at: last('feedback'),
        rated_at: last('rated'),
        closed_at: last('closed'),
        cancelled_at: last('cancelled'),
        reopened: times('reopened').length,
        satisfaction: rating?.satisfaction ?? null,
      });
      if (times('dispatched').length > 0) expect(row.department).toBe(t.department);
      if (stages.length === t.stages.length) expect(row.status).toBe(t.final);
      expect(ticketRowSchema.safeParse(row).success).toBe(true);
    }
  });

  it('emits rows whose versions grow per ticket, and the last emitted row is the current one', () => {
    const last = new Map<string, number>();
    const lastRow = new Map<string, unknown>();
    for (const row of r.out.tickets()) {
      const before = last.get(row.ticket_id);
      if (before !== undefined) expect(row.version).toBeGreaterThan(before);
      last.set(row.ticket_id, row.version);
      lastRow.set(row.ticket_id, row);
    }
    for (const row of r.tracker.rows()) expect(lastRow.get(row.ticket_id)).toEqual(row);
    const summons = r.out.summons();
    expect(summons.length).toBeGreaterThan(0);
    for (const s of summons) expect(ticketSummonRowSchema.safeParse(s).success).toBe(true);
  });

  it('raises each overdue alert once and resolves it at most once, all valid contract alerts', () => {
    const alerts = r.out.alerts();
    expect(alerts.some((a) => a.subject.includes('/'))).toBe(true); // a late summoned department
    expect(alerts.some((a) => !a.subject.includes('/'))).toBe(true); // a late ticket
    const byId = new Map<string, string[]>();
    for (const a of alerts) {
      expect(alertSchema.safeParse(a).success).toBe(true);
      byId.set(a.alert_id, [...(byId.get(a.alert_id) ?? []), a.status]);
    }
    for (const statuses of byId.values()) expect([['open'], ['open', 'resolved']]).toContainEqual(statuses);
    const overdueNow = new Set(
      r.tracker
        .rows()
        .filter((row) => row.overdue)
        .map((row) => row.ticket_id),
    );
    const stillOpen = [...byId].filter(([, s]) => s.length === 1).map(([id]) => id);
    const openTickets = new Set(
      alerts.filter((a) => stillOpen.includes(a.alert_id) && !a.subject.includes('/')).map((a) => a.subject),
    );
    expect(openTickets).toEqual(overdueNow);
  });

  it('gives deeply equal alerts and the same final rows when the watermark advances once per 500 events', () => {
    const coarse = new TicketTracker(r.tracker.config, { isKnownDistrict: () => true });
    const out = new Collect();
    let maxTs = Number.NEGATIVE_INFINITY;
    r.ticketEvents.forEach((e, i) => {
      coarse.apply(e);
      maxTs = Math.max(maxTs, toEpochMs(e.ts));
      if (i % 500 === 499) coarse.advance(maxTs - OUT_OF_ORDERNESS_MS, out);
    });
    coarse.advance(detectionPoint(maxTs - OUT_OF_ORDERNESS_MS), out);
    // Whole messages, detected_at and evidence included: what a replay must reproduce.
    const sorted = (c: Collect) =>
      c.alerts().sort((a, b) => `${a.alert_id} ${a.status}`.localeCompare(`${b.alert_id} ${b.status}`));
    expect(sorted(out)).toEqual(sorted(r.out));
    const byId = (rows: TicketRow[]) => [...rows].sort((a, b) => (a.ticket_id < b.ticket_id ? -1 : 1));
    expect(byId(coarse.rows())).toEqual(byId(r.tracker.rows()));
  });
});
