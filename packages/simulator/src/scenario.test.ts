import { createHash } from 'node:crypto';
import { decode, TOPIC_SCHEMAS, TOPICS, type Topic } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { StreamRecord } from './record.ts';
import { createScenario } from './scenario.ts';
import { type CountsTruth, collectTruth } from './truth/truth.ts';

// Pathology rates raised well above the defaults so a small scenario has every kind.
const SMALL = {
  households: 400,
  hours: 36,
  landfallHour: 20,
  pathologies: {
    duplicate: 0.01,
    outOfOrder: 0.01,
    malformed: 0.004,
    wrongType: 0.004,
    outOfRange: 0.004,
    unknownId: 0.004,
  },
};

function digest(records: Iterable<StreamRecord>): string {
  const hash = createHash('sha256');
  for (const r of records) hash.update(`${r.topic}\n${r.key}\n${r.arrivalTime}\n`).update(r.value);
  return hash.digest('hex');
}

describe('scenario > determinism', () => {
  it('yields the same bytes for the same seed and config', () => {
    const a = createScenario({ ...SMALL, seed: 7 });
    const b = createScenario({ ...SMALL, seed: 7 });
    expect(digest([...a.registry(), ...a.events()])).toBe(digest([...b.registry(), ...b.events()]));
  });

  it('yields other bytes for another seed', () => {
    const a = createScenario({ ...SMALL, seed: 7, hours: 6 });
    const b = createScenario({ ...SMALL, seed: 8, hours: 6 });
    expect(digest(a.events())).not.toBe(digest(b.events()));
  });
});

describe('scenario > events', () => {
  const truth = collectTruth();
  const scenario = createScenario({ ...SMALL, seed: 11 }, truth);
  const records = [...scenario.events()];
  const counts = truth.entries.find((e) => e.type === 'counts') as CountsTruth;

  it('comes in arrival order, within the scenario, on the seven input topics', () => {
    for (let i = 1; i < records.length; i++) {
      expect((records[i] as StreamRecord).arrivalTime).toBeGreaterThanOrEqual(
        (records[i - 1] as StreamRecord).arrivalTime,
      );
    }
    expect(records.every((r) => r.arrivalTime >= scenario.streamStart && r.arrivalTime < scenario.end)).toBe(
      true,
    );
    expect(new Set(records.map((r) => r.topic))).toEqual(
      new Set([
        TOPICS.meterReadings,
        TOPICS.weatherObservations,
        TOPICS.waterLevels,
        TOPICS.ticketEvents,
        TOPICS.evacuations,
        TOPICS.resources,
        TOPICS.typhoonAdvisories,
      ]),
    );
  });

  it('sends only messages that pass the contract, except the deliberately invalid ones', () => {
    for (const r of records) {
      const result = decode(TOPIC_SCHEMAS[r.topic], r.value);
      if (r.fault === null || r.fault === 'duplicate' || r.fault === 'unknown_id') {
        expect(result.ok, `${r.topic} ${String(r.value)}`).toBe(true);
      } else {
        expect(result.ok, `${r.fault} ${r.topic} ${String(r.value)}`).toBe(false);
      }
    }
  });

  it('plants every kind of feed fault', () => {
    const faults = new Set(records.map((r) => r.fault));
    for (const f of ['duplicate', 'malformed', 'wrong_type', 'out_of_range', 'unknown_id'])
      expect(faults).toContain(f);
  });

  it('names ids no registry knows in unknown-id copies', () => {
    const known = new Set([
      ...scenario.city.stations.map((s) => s.station_id),
      ...scenario.city.gauges.map((g) => g.gauge_id),
      ...scenario.city.shelters.map((s) => s.shelter_id),
      ...scenario.city.districts.map((d) => d.code),
    ]);
    for (const r of records.filter((x) => x.fault === 'unknown_id')) {
      const v = JSON.parse(String(r.value)) as Record<string, string>;
      const id =
        v.station_id ??
        v.gauge_id ??
        (r.topic === TOPICS.evacuations ? v.shelter_id : undefined) ??
        v.district;
      if (r.topic === TOPICS.meterReadings) expect(Number(v.household_id?.slice(3))).toBeGreaterThan(400);
      else expect(known.has(id as string), String(r.value)).toBe(false);
    }
  });

  it('duplicates repeat an earlier message byte for byte', () => {
    const seen = new Set(records.filter((r) => r.fault === null).map((r) => String(r.value)));
    for (const r of records.filter((x) => x.fault === 'duplicate'))
      expect(seen.has(String(r.value))).toBe(true);
  });

  it('counts what it sent per topic, valid and invalid', () => {
    for (const topic of Object.keys(counts.topics) as Topic[]) {
      const mine = records.filter((r) => r.topic === topic);
      const c = counts.topics[topic];
      expect(c?.sent).toBe(mine.length);
      expect(c?.invalid).toBe(mine.filter((r) => r.fault !== null && r.fault !== 'duplicate').length);
      expect(c?.duplicates).toBe(mine.filter((r) => r.fault === 'duplicate').length);
      expect((c?.valid ?? 0) + (c?.invalid ?? 0)).toBe(c?.sent);
    }
    expect(counts.total).toBe(records.length);
  });

  it('sends a water and an electricity reading per household every 15 minutes', () => {
    const meters = counts.topics[TOPICS.meterReadings];
    const expected = 400 * 2 * 4 * 36;
    // Fewer for planted silences, more for duplicates and invalid copies: within a few percent.
    expect(meters?.valid).toBeGreaterThan(expected * 0.95);
    expect(meters?.valid).toBeLessThan(expected * 1.05);
  });
});

describe('scenario > warm-up', () => {
  it('streams calm days of meter life before the main window, and no storm in them', () => {
    const truth = collectTruth();
    const scenario = createScenario(
      { seed: 2, households: 200, hours: 6, warmupDays: 1, streams: { tickets: false } },
      truth,
    );
    const records = [...scenario.events()];
    expect(scenario.streamStart).toBe(scenario.start - 24 * 3600_000);
    const warm = records.filter(
      (r) => r.arrivalTime < scenario.start && r.topic === TOPICS.meterReadings && r.fault === null,
    );
    expect(warm.length).toBeGreaterThan(200 * 2 * 4 * 23);
    const winds = records
      .filter(
        (r) => r.arrivalTime < scenario.start && r.topic === TOPICS.weatherObservations && r.fault === null,
      )
      .map((r) => (JSON.parse(String(r.value)) as { wind_speed_ms?: number }).wind_speed_ms ?? 0);
    expect(Math.max(...winds)).toBeLessThan(10.8);
  });
});

describe('scenario > config', () => {
  it('fails fast, naming the option, the value and what was expected', () => {
    expect(() => createScenario({ households: 5 })).toThrow(/households.*got 5/);
    expect(() => createScenario({ start: '2026-09-13T00:00:00' })).toThrow(/start/);
  });
});
