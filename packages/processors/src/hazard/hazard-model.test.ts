import type { DistrictRegistry } from '@onegrid/analytics/typhoon';
import type { Gauge, HazardObservation, Station } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { HazardModel, type HazardOutput } from './hazard-model.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 8, 13, 16, 0, 0); // 2026-09-14T00:00:00+08:00
const iso = (t: number) => new Date(t).toISOString();
const gauge: Gauge = {
  gauge_id: 'WL-1',
  name: 'g',
  district: '310115',
  lat: 31.2,
  lon: 121.5,
  kind: 'river',
  warning_level_m: 4,
  guarantee_level_m: 5,
};
const station: Station = { station_id: 'AWS-1', name: 's', district: '310115', lat: 31.2, lon: 121.5 };
const registry = (district: string): DistrictRegistry => ({
  district,
  population: 1_000_000,
  households: 1000,
  vulnerableHouseholds: 300,
  shelterCapacity: 2000,
  stations: [station],
  gauges: [gauge],
});
const water = (minute: number, level_m: number): HazardObservation => ({
  kind: 'water_level',
  district: '310115',
  source_partition: 0,
  observation: { gauge_id: 'WL-1', ts: iso(T0 + minute * MIN), level_m },
});
const weather = (minute: number): HazardObservation => ({
  kind: 'weather',
  district: '310115',
  source_partition: 0,
  observation: { station_id: 'AWS-1', ts: iso(T0 + minute * MIN), period_s: 300, wind_speed_ms: 12 },
});

/** A replay: every message within the same second of processing time, watermark max − 10 min. */
function replay(events: HazardObservation[]): HazardOutput[] {
  const model = new HazardModel({}, registry, {
    sources: ['weather/0', 'water_level/0'],
    idleMs: 60_000,
    now: () => 0,
  });
  const out: HazardOutput[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    model.onEvent(e);
    newest = Math.max(newest, Date.parse(e.observation.ts));
    out.push(...model.advance(newest - 10 * MIN));
  }
  return out;
}

const alerts = (out: HazardOutput[]) => out.flatMap((o) => (o.kind === 'alert' ? [o.alert] : []));
const scores = (out: HazardOutput[]) => out.flatMap((o) => (o.kind === 'score' ? [o.score] : []));

describe('HazardModel > a weather feed that dies mid-storm', () => {
  // Weather every 5 min until minute 60, then nothing; the gauge passes warning (4 m) at minute 100
  // and guarantee (5 m) at 200.
  const events: HazardObservation[] = [];
  for (let m = 0; m <= 300; m += 5) {
    if (m <= 60) events.push(weather(m));
    events.push(water(m, 3 + 0.01 * m));
  }

  it('alerts on the gauge on the water feed alone, within one grid step of its first reading', () => {
    const open = alerts(replay(events)).filter((a) => a.type === 'water_level' && a.status === 'open');
    expect(open.map((a) => [a.since, a.detected_at])).toEqual([
      ['2026-09-14T01:40:00+08:00', '2026-09-14T01:40:00+08:00'],
      ['2026-09-14T03:20:00+08:00', '2026-09-14T03:20:00+08:00'],
    ]);
  });

  it('goes on publishing the district score once the feed trails by 30 min, marked degraded', () => {
    const after = scores(replay(events)).filter((s) => Date.parse(s.ts) > T0 + 100 * MIN);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.components.weather_missing === 1 && s.components.degraded === 1)).toBe(true);
  });

  it('raises no device fault for stations when the whole feed is down', () => {
    expect(alerts(replay(events)).filter((a) => a.type === 'gauge_fault')).toEqual([]);
  });
});

describe('HazardModel > sensor faults', () => {
  it('counts a refuted reading as refuted and flags it for storage, never as water', () => {
    const model = new HazardModel({}, registry, { sources: ['water_level/0'], idleMs: 60_000, now: () => 0 });
    const dispositions = [0, 5, 10, 15, 20].map((m) => model.onEvent(water(m, m === 10 ? 99.9 : 3)));
    expect(dispositions).toEqual(['accepted', 'accepted', 'refuted', 'accepted', 'accepted']);
    const out = model.advance(T0 + 60 * MIN);
    expect(out.filter((o) => o.kind === 'flag').map((o) => o.kind === 'flag' && o.flag)).toEqual([
      { kind: 'water_level', gauge_id: 'WL-1', t: T0 + 10 * MIN, level_m: 99.9, reason: 'out_of_range' },
    ]);
    expect(alerts(out).filter((a) => a.type === 'water_level')).toEqual([]);
  });
});

describe('HazardModel > refutations do not depend on how the input is batched', () => {
  // The hazard topic flushed every 50 ms instead of every second: the model then sees the same
  // readings in more, smaller batches, with a watermark move after each. A glitch's refutation is
  // decided by the readings after it, so each batching must flag the same readings.
  const events: HazardObservation[] = [];
  for (let m = 0; m <= 180; m += 5) {
    const glitch = m === 30 ? 99.9 : m === 60 || m === 90 ? 3 + 0.002 * m + 1.8 : undefined;
    events.push(weather(m), water(m, glitch ?? 3 + 0.002 * m));
  }
  const flags = (batches: HazardObservation[][]) => {
    const model = new HazardModel({}, registry, {
      sources: ['weather/0', 'water_level/0'],
      idleMs: 60_000,
      now: () => 0,
    });
    const out: HazardOutput[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const batch of batches) {
      for (const e of batch) {
        model.onEvent(e);
        newest = Math.max(newest, Date.parse(e.observation.ts));
      }
      out.push(...model.advance(newest - 10 * MIN));
    }
    out.push(...model.advance(newest + 60 * MIN));
    return out.flatMap((o) =>
      o.kind === 'flag' && o.flag.kind === 'water_level' ? [[o.flag.t, o.flag.reason]] : [],
    );
  };

  it('flags the same readings in batches of one as all at once', () => {
    const atOnce = flags([events]);
    expect(atOnce).toEqual([
      [T0 + 30 * MIN, 'out_of_range'],
      [T0 + 60 * MIN, 'jump'],
      [T0 + 90 * MIN, 'jump'],
    ]);
    expect(flags(events.map((e) => [e]))).toEqual(atOnce);
    expect(flags([events.slice(0, 25), events.slice(25)])).toEqual(atOnce);
  });
});

describe('HazardModel > a backlog read faster than the idle bound', () => {
  // Under load the processor reads a partition's whole backlog in a second or two, then nothing
  // comes. The source partitions it never hears from (no station or gauge of its districts there)
  // go idle at 15 s, the others a moment later: a tick that falls after both found every source of
  // both feeds idle at once, and the district clock, told a feed's position only while a source of
  // it was active, had never heard of either: no score at all for the partition's districts
  // (stack.test.ts: 10 of 16 districts ranked; dead-feed.test.ts: 5 of 16 scored).
  it('scores the district once every source is idle, whenever the tick comes', () => {
    let now = 0;
    const model = new HazardModel({}, registry, {
      sources: ['weather/0', 'weather/1', 'water_level/0', 'water_level/1'],
      idleMs: 15_000,
      now: () => now,
    });
    const out: HazardOutput[] = [];
    now = 500;
    let newest = Number.NEGATIVE_INFINITY;
    for (let m = 0; m <= 120; m += 5) {
      for (const e of [weather(m), water(m, 3)]) {
        model.onEvent(e);
        newest = Math.max(newest, Date.parse(e.observation.ts));
        out.push(...model.advance(newest - 10 * MIN));
      }
    }
    now = 16_000; // the first tick after the backlog: every source idle by now
    out.push(...model.advance(newest - 10 * MIN));
    // A steady district: its first grid point, then the hourly heartbeat, through the watermark.
    expect(scores(out).map((s) => s.ts)).toEqual(['2026-09-14T00:00:00+08:00', '2026-09-14T01:00:00+08:00']);
  });
});

describe('HazardModel > typhoon advisories, an optional feed', () => {
  const advisory: HazardObservation = {
    kind: 'advisory',
    district: '310115',
    source_partition: 0,
    observation: {
      storm_id: 'TY2613',
      ts: iso(T0),
      lat: 29.2,
      lon: 121.5,
      radii_km: { r7: { ne: 100, se: 100, sw: 100, nw: 100 }, r10: { ne: 30, se: 30, sw: 30, nw: 30 } },
      forecast: [{ ts: iso(T0 + 12 * 60 * MIN), lat: 31.2, lon: 121.5 }],
    },
  };
  const feeds: HazardObservation[] = [];
  for (let m = 0; m <= 120; m += 5) feeds.push(weather(m), water(m, 3));

  function run(events: HazardObservation[]): HazardOutput[] {
    const model = new HazardModel({}, registry, {
      sources: ['weather/0', 'water_level/0'],
      idleMs: 60_000,
      now: () => 0,
    });
    const out: HazardOutput[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const e of events) {
      model.onEvent(e);
      // The runtime's watermark moves with every message; the model's feeds' clocks do not move for an advisory.
      if (e.kind !== 'advisory') newest = Math.max(newest, Date.parse(e.observation.ts));
      out.push(...model.advance(newest - 10 * MIN));
    }
    return out;
  }

  it('moves no clock: scores come at the same times with or without it, and say whether it came', () => {
    const without = scores(run(feeds));
    const withIt = scores(run([advisory, ...feeds]));
    expect(without.length).toBeGreaterThan(0);
    expect(withIt.map((s) => s.ts).slice(0, 1)).toEqual(without.map((s) => s.ts).slice(0, 1));
    expect(without.every((s) => s.components.forecast_missing === 1 && s.components.degraded === 0)).toBe(
      true,
    );
    expect(withIt.every((s) => s.components.forecast_missing === 0)).toBe(true);
    // The 10级 circle is due in ~10 h: the forecast raises the calm district to yellow.
    expect(withIt[0]?.components.forecast).toBeGreaterThan(0.4);
    expect(withIt[0]?.score ?? 0).toBeGreaterThan(without[0]?.score ?? 0);
  });

  // The feed brings an advisory about 30 min after its `ts`. Live, the scores of the grid times
  // before it went out without it; a replay after a kill reads it in one batch with those readings
  // (the 6-minute soak: 30–38 differences, all in the forecast part). It counts only for the grid
  // times the readings had not let any score pass when it came, however the input is batched.
  it('counts from the grid times not yet scorable when it came, however the input is batched', () => {
    const late = [...feeds.slice(0, 14), advisory, ...feeds.slice(14)]; // after the readings of minute 30
    const live = scores(run(late));
    const model = new HazardModel({}, registry, {
      sources: ['weather/0', 'water_level/0'],
      idleMs: 60_000,
      now: () => 0,
    });
    for (const e of late) model.onEvent(e);
    const batched = scores(model.advance(T0 + 110 * MIN));
    const summary = (list: typeof live) =>
      list.map((s) => [s.ts, s.score, s.components.forecast_missing, s.components.forecast]);
    expect(summary(batched)).toEqual(summary(live));
    // Readings up to minute 30 let the scores up to minute 20 out; the advisory counts after that
    // (scores are published on change: the first, then the one the advisory changed).
    const counted = live.map((s) => [Date.parse(s.ts) > T0 + 20 * MIN, s.components.forecast_missing === 0]);
    expect(counted.every(([after, advised]) => after === advised)).toBe(true);
    expect(counted.map(([after]) => after)).toContain(true);
    expect(counted.map(([after]) => after)).toContain(false);
  });

  it('alone makes no score and no district model: those wait for the district’s readings', () => {
    const model = new HazardModel({}, registry, {
      sources: ['weather/0', 'water_level/0'],
      idleMs: 60_000,
      now: () => 0,
    });
    expect(model.onEvent(advisory)).toBe('accepted');
    expect(scores(model.advance(T0 + 60 * MIN))).toEqual([]);
    expect(model.size()).toBe(0);
    // Once the district's model exists (built from the registry then), it holds the advisory.
    model.onEvent(weather(0));
    expect(model.size()).toBe(2);
    expect(model.onEvent(advisory)).toBe('duplicate');
  });
});

describe('HazardModel > gauge faults while one water-level partition lags', () => {
  // Under load one source partition goes quiet for longer than the idle bound while its readings
  // still wait in Kafka; the others run hours ahead. WL-2 (partition 1) glitches at minute 120.
  const neighbour: Gauge = { ...gauge, gauge_id: 'WL-2', name: 'g2' };
  const twoGauges = (district: string): DistrictRegistry => ({
    ...registry(district),
    gauges: [gauge, neighbour],
  });
  const reading = (id: string, partition: number, minute: number, level_m: number): HazardObservation => ({
    kind: 'water_level',
    district: '310115',
    source_partition: partition,
    observation: { gauge_id: id, ts: iso(T0 + minute * MIN), level_m },
  });
  const level = (m: number) => 3 + 0.002 * m;

  function lagging(): HazardOutput[] {
    let now = 0;
    const model = new HazardModel({}, twoGauges, {
      sources: ['water_level/0', 'water_level/1'],
      idleMs: 15_000,
      now: () => now,
    });
    const out: HazardOutput[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    const send = (e: HazardObservation) => {
      model.onEvent(e);
      newest = Math.max(newest, Date.parse(e.observation.ts));
      out.push(...model.advance(newest - 10 * MIN));
    };
    for (let m = 0; m <= 60; m += 5) for (const p of [0, 1]) send(reading(`WL-${p + 1}`, p, m, level(m)));
    now = 20_000; // partition 1 quiet for 20 s: released as idle; partition 0 reads ten hours on
    for (let m = 65; m <= 660; m += 5) send(reading('WL-1', 0, m, level(m)));
    now = 21_000; // partition 1 catches up
    for (let m = 65; m <= 660; m += 5) send(reading('WL-2', 1, m, m === 120 ? 99.9 : level(m)));
    return out;
  }
  const faults = (out: HazardOutput[]) =>
    alerts(out)
      .filter((a) => a.type === 'gauge_fault' && a.status === 'open')
      .map((a) => [a.subject, a.evidence.fault, a.since]);

  it('reports the glitch of the lagging partition’s gauge, judged when its readings come', () => {
    expect(faults(lagging())).toContainEqual(['WL-2', 'implausible', '2026-09-14T02:00:00+08:00']);
  });

  it('never calls the lagging partition’s gauge silent while its readings are on the way', () => {
    expect(faults(lagging()).filter(([, reason]) => reason === 'silent')).toEqual([]);
  });
});

describe('HazardModel > a score is the same when replayed', () => {
  // AWS-1 reports through weather partition 0, AWS-2 (the windier) through partition 1. Live,
  // partition 1 goes quiet for 20 s under load (released as idle) while partition 0 and the gauge
  // read 25 minutes on; then its readings come. After a kill the replay reads the same messages
  // in the same order, with no pause. A score of a given time must be the same both ways (the
  // 6-minute soak's one reconcile difference: a score recomputed with other wind after a kill).
  const windy: Station = { ...station, station_id: 'AWS-2', name: 's2' };
  const twoStations = (district: string): DistrictRegistry => ({
    ...registry(district),
    stations: [station, windy],
  });
  const obs = (id: string, partition: number, minute: number, wind: number): HazardObservation => ({
    kind: 'weather',
    district: '310115',
    source_partition: partition,
    observation: { station_id: id, ts: iso(T0 + minute * MIN), period_s: 300, wind_speed_ms: wind },
  });
  const input: { e: HazardObservation; now: number }[] = [];
  for (let m = 0; m <= 60; m += 5)
    input.push(
      { e: obs('AWS-1', 0, m, 12), now: 0 },
      { e: obs('AWS-2', 1, m, 20), now: 0 },
      { e: water(m, 3), now: 0 },
    );
  for (let m = 65; m <= 85; m += 5)
    input.push({ e: obs('AWS-1', 0, m, 12), now: 20_000 }, { e: water(m, 3), now: 20_000 });
  // The wind at AWS-2 rises while its partition is stalled.
  const gale = (m: number) => 20 + 0.5 * (m - 60);
  for (let m = 65; m <= 85; m += 5) input.push({ e: obs('AWS-2', 1, m, gale(m)), now: 21_000 });
  for (let m = 90; m <= 150; m += 5)
    input.push(
      { e: obs('AWS-1', 0, m, 12), now: 22_000 },
      { e: obs('AWS-2', 1, m, gale(85)), now: 22_000 },
      { e: water(m, 3), now: 22_000 },
    );

  function run(stalls: boolean): [string, number, number | undefined][] {
    let now = 0;
    const model = new HazardModel({}, twoStations, {
      sources: ['weather/0', 'weather/1', 'water_level/0'],
      idleMs: 15_000,
      now: () => now,
    });
    const out: HazardOutput[] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const { e, now: at } of input) {
      if (stalls) now = at;
      model.onEvent(e);
      newest = Math.max(newest, Date.parse(e.observation.ts));
      out.push(...model.advance(newest - 10 * MIN));
    }
    return scores(out).map((s) => [s.ts, s.score, s.components.wind_coverage]);
  }

  it('scores every time with the wind the replay sees, the stalled partition’s too', () => {
    const replay = run(false);
    expect(replay.length).toBeGreaterThan(1);
    expect(replay.every(([, , coverage]) => coverage === 1)).toBe(true);
    expect(run(true)).toEqual(replay);
  });
});
