import { decode, TOPICS, ticketEventSchema } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { createScenario } from '../scenario.ts';
import { HOUR } from '../time.ts';
import {
  collectTruth,
  type EvacuationTruth,
  type GaugeTruthEntry,
  type ResourceTruth,
  type TicketTruth,
} from '../truth/truth.ts';

// The storm-driven streams only (no meters), at the 100k-household demo size.
const truth = collectTruth();
const scenario = createScenario(
  {
    seed: 42,
    households: 100_000,
    hours: 48,
    pathologies: { duplicate: 0, outOfOrder: 0, malformed: 0, wrongType: 0, outOfRange: 0, unknownId: 0 },
    streams: { meters: false },
  },
  truth,
);
const records = [...scenario.events()];
const gauges = truth.entries.filter((e): e is GaugeTruthEntry => e.type === 'gauge');
const tickets = truth.entries.filter((e): e is TicketTruth => e.type === 'ticket');
const evacuation = truth.entries.find((e): e is EvacuationTruth => e.type === 'evacuation');

describe('storm > water levels', () => {
  const levels = records
    .filter((r) => r.topic === TOPICS.waterLevels)
    .map((r) => JSON.parse(String(r.value)) as { gauge_id: string; ts: string; level_m: number });

  it('stay below every warning level until the storm is near', () => {
    const calmUntil = scenario.landfall - 12 * HOUR;
    for (const g of scenario.city.gauges) {
      const calm = levels.filter((l) => l.gauge_id === g.gauge_id && Date.parse(l.ts) < calmUntil);
      expect(calm.length).toBeGreaterThan(0);
      expect(Math.max(...calm.map((l) => l.level_m)), g.name).toBeLessThan(g.warning_level_m);
    }
  });

  it('pass the warning level at 黄浦公园 and many gauges during the storm, the guaranteed level in a few low places', () => {
    const hpj = gauges.find((g) => g.gauge_id === 'WL-HPJ-001');
    expect(hpj?.first_warning).not.toBeNull();
    expect(hpj?.first_guarantee).toBeNull();
    const warned = gauges.filter((g) => g.first_warning !== null).length;
    const guaranteed = gauges.filter((g) => g.first_guarantee !== null).length;
    expect(warned).toBeGreaterThanOrEqual(10);
    expect(guaranteed).toBeGreaterThanOrEqual(2);
    expect(guaranteed).toBeLessThanOrEqual(8);
    for (const g of gauges.filter((x) => x.first_warning !== null)) {
      expect(Date.parse(g.first_warning as string)).toBeGreaterThan(scenario.landfall - 12 * HOUR);
    }
  });
});

describe('storm > evacuations', () => {
  it('move more than 100,000 people at the 100k-household demo size', () => {
    expect(evacuation?.transferred).toBeGreaterThan(100_000);
    expect(evacuation?.checked_in).toBeGreaterThan(0.9 * (evacuation?.transferred ?? 0));
  });

  it('never fill a shelter beyond its capacity nor empty it below zero', () => {
    const occupancy = new Map<string, number>();
    const capacity = new Map(scenario.city.shelters.map((s) => [s.shelter_id, s.capacity]));
    const events = records
      .filter((r) => r.topic === TOPICS.evacuations)
      .map(
        (r) =>
          JSON.parse(String(r.value)) as { shelter_id: string; ts: string; action: string; people: number },
      )
      .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    for (const e of events) {
      if (e.action === 'transferred') continue;
      const now = (occupancy.get(e.shelter_id) ?? 0) + (e.action === 'check_in' ? e.people : -e.people);
      occupancy.set(e.shelter_id, now);
      expect(now).toBeGreaterThanOrEqual(0);
      expect(now).toBeLessThanOrEqual(capacity.get(e.shelter_id) ?? 0);
    }
    for (const [id, n] of occupancy) expect(evacuation?.occupancy[id]).toBe(n);
  });
});

describe('storm > tickets', () => {
  const events = records.filter((r) => r.topic === TOPICS.ticketEvents);

  it('surge while the storm is over the city', () => {
    const reported = tickets.map((t) => Date.parse(t.stages[0]?.ts as string));
    const calm = reported.filter((t) => t < scenario.start + 6 * HOUR).length;
    const storm = reported.filter((t) => Math.abs(t - scenario.landfall) < 3 * HOUR).length;
    expect(storm).toBeGreaterThan(5 * calm);
  });

  it('send exactly the truth lifecycle of every ticket, up to the end of the scenario', () => {
    const sent = new Map<string, { event: string; ts: string }[]>();
    for (const r of events) {
      const decoded = decode(ticketEventSchema, r.value);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) continue;
      const list = sent.get(r.key) ?? [];
      list.push({ event: decoded.value.event, ts: decoded.value.ts });
      sent.set(r.key, list);
    }
    expect(sent.size).toBe(tickets.length);
    for (const t of tickets) {
      const due = t.stages
        .filter((s) => Date.parse(s.ts) < scenario.end - HOUR)
        .map((s) => `${s.event}@${s.ts}`);
      const got = new Set((sent.get(t.ticket_id) ?? []).map((s) => `${s.event}@${s.ts}`));
      for (const d of due) expect(got.has(d), `${t.ticket_id} ${d}`).toBe(true);
    }
  });

  it('follow the 12345 lifecycle: reported first, accepted, then closed or cancelled last', () => {
    for (const t of tickets) {
      const events = t.stages.map((s) => s.event);
      expect(events[0]).toBe('reported');
      expect(events[1]).toBe('accepted');
      expect(['closed', 'cancelled']).toContain(events[events.length - 1]);
      if (events.includes('whistle')) expect(events).toContain('arrived');
      if (events.includes('reopened')) expect(events.filter((e) => e === 'dispatched').length).toBe(2);
    }
    expect(tickets.some((t) => t.stages.some((s) => s.event === 'whistle'))).toBe(true);
    expect(tickets.some((t) => t.final === 'cancelled')).toBe(true);
    expect(tickets.some((t) => t.stages.some((s) => s.event === 'reopened'))).toBe(true);
  });
});

describe('storm > resources', () => {
  it('are dispatched during the storm and report a final status', () => {
    const resources = truth.entries.filter((e): e is ResourceTruth => e.type === 'resource');
    expect(resources.length).toBe(scenario.city.resources.length);
    expect(resources.filter((r) => r.dispatches > 0).length).toBeGreaterThan(resources.length / 2);
    expect(resources.every((r) => r.final_status !== 'unknown')).toBe(true);
  });
});
