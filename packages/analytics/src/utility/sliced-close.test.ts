/**
 * A close in slices (`advanceSliced`, `resume`: issue 17) decides exactly as one `advance`: on a
 * generated feed of households with incidents, a silent meter, store-and-forward batches, a
 * source held behind the watermark and restarts from the stored outputs, every slicing (a pause
 * at every point, or at random ones) gives the same outputs in the same order.
 */
import type { Alert, MeterReading } from '@onegrid/contracts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';
import { describe, expect, it } from 'vitest';
import type { AdvanceResult, HourlyDetector, SliceOver } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import { emptyStore, keep, type OutputStore, restoreFrom } from './restart-store.test-support.ts';
import {
  householdInfo,
  normalQuarter,
  stoppedQuarter,
  syntheticReadings,
  T0,
  type Usage,
} from './testing.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

const HOUSEHOLDS = 9;
const DAYS = 11;
const SOURCES = 3;

function prng(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

const id = (i: number) => `HH-${String(i).padStart(8, '0')}`;
/** A meter's source partition: its household's index modulo SOURCES (the tag handed to onReading). */
const sourceOf = (r: MeterReading) => Number(r.household_id.slice(3)) % SOURCES;

/** Households of a steady rhythm, one whose usage stops for a day, one whose water meter falls silent. */
function readings(): MeterReading[] {
  const all: MeterReading[] = [];
  const stop = T0 + 8 * DAY + 19 * HOUR;
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const usage =
      i === 1
        ? (t: number): Usage => (t > stop && t <= stop + DAY ? stoppedQuarter() : normalQuarter(t))
        : normalQuarter;
    const silent =
      i === 2 ? [{ kind: 'water' as const, from: T0 + 9 * DAY, to: T0 + 9 * DAY + 10 * HOUR }] : undefined;
    all.push(
      ...syntheticReadings({
        household: id(i),
        from: T0,
        to: T0 + DAYS * DAY,
        usage,
        ...(silent ? { silent } : {}),
      }),
    );
  }
  return all;
}

interface Arrival {
  at: number;
  reading: MeterReading;
}

/**
 * Arrival order: disorder within 20 min, repeats, now and then a meter's 2–5 h store-and-forward
 * batch, and source 2 held 3 h behind on days 6–7 (its households close behind the watermark).
 */
function arrivals(seed: number): Arrival[] {
  const rnd = prng(seed);
  const out: Arrival[] = [];
  const batchUntil = new Map<string, number>();
  for (const reading of readings()) {
    const ts = Date.parse(reading.ts);
    if (ts > (batchUntil.get(reading.meter_id) ?? 0) && rnd() < 0.01)
      batchUntil.set(reading.meter_id, ts + (2 + 3 * rnd()) * HOUR);
    const until = batchUntil.get(reading.meter_id) ?? 0;
    let at = ts <= until ? until + rnd() * 5 * MINUTE : ts + rnd() * 20 * MINUTE;
    if (sourceOf(reading) === 2 && ts > T0 + 6 * DAY && ts <= T0 + 7 * DAY) at += 3 * HOUR;
    out.push({ at, reading });
    if (rnd() < 0.05) out.push({ at: at + rnd() * HOUR, reading });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Restarts at these arrivals: a fresh detector seeded from the outputs stored so far, fed again from 2 h before. */
const RESTARTS = [0.35, 0.62, 0.8];

/**
 * Runs the feed, advancing by `close` (one `advance`, or slices) every 10 minutes of arrival
 * time; returns the outputs in order and how many slices the closes took.
 */
function run(
  feed: readonly Arrival[],
  close: (d: HourlyDetector<unknown>, watermark: number) => AdvanceResult,
) {
  const reached = new Array<number>(SOURCES).fill(Number.NEGATIVE_INFINITY);
  const create = () =>
    new UtilityDetector(
      {},
      {
        household: (h) => householdInfo(h, { lives_alone: true }),
        meterClock: (_meter, tag) => (tag < 0 ? Number.POSITIVE_INFINITY : (reached[tag] ?? 0)),
      },
    ) as HourlyDetector<unknown>;
  let d = create();
  const store: OutputStore = emptyStore();
  const alerts: Alert[] = [];
  const hourly: HouseholdUsageHour[] = [];
  const take = (out: AdvanceResult) => {
    alerts.push(...out.alerts);
    hourly.push(...out.hourly);
    keep(store, out);
  };
  let newest = Number.NEGATIVE_INFINITY;
  let nextAdvance = Number.NEGATIVE_INFINITY;
  const restarts = RESTARTS.map((share) => Math.floor(share * feed.length));
  for (let i = 0; i < feed.length; i++) {
    if (i === restarts[0]) {
      restarts.shift();
      d = restoreFrom(create(), store);
      const from = (feed[i] as Arrival).at - 2 * HOUR;
      while (i > 0 && (feed[i - 1] as Arrival).at > from) i--;
      newest = Number.NEGATIVE_INFINITY;
      nextAdvance = Number.NEGATIVE_INFINITY;
    }
    const { at, reading } = feed[i] as Arrival;
    if (at >= nextAdvance && Number.isFinite(newest)) {
      take(close(d, newest - 30 * MINUTE));
      nextAdvance = at + 10 * MINUTE;
    }
    const ts = Date.parse(reading.ts);
    const source = sourceOf(reading);
    d.onReading(reading, -1, ts, source);
    reached[source] = Math.max(reached[source] ?? ts, ts);
    newest = Math.max(newest, ts);
  }
  take(close(d, newest + 2 * HOUR));
  // An unchanged watermark too: readings behind it, households behind it.
  take(close(d, newest + 2 * HOUR));
  return { alerts, hourly };
}

/** Closes in slices, `over` deciding where each ends; counts the slices. */
function sliced(over: () => SliceOver, slices: { n: number }) {
  return (d: HourlyDetector<unknown>, watermark: number): AdvanceResult => {
    let out = d.advanceSliced(watermark, over());
    slices.n++;
    while (out === undefined) {
      expect(d.pending()).toBe(true);
      out = d.resume(over());
      slices.n++;
    }
    expect(d.pending()).toBe(false);
    return out;
  };
}

describe('usage > HourlyDetector: a close in slices', () => {
  const feed = arrivals(7);
  const whole = run(feed, (d, watermark) => d.advance(watermark));

  it('the feed exercises what a close does: alerts of each kind, rows rewritten, hours learnt', () => {
    const types = new Set(whole.alerts.map((a) => a.type));
    expect(types).toEqual(new Set(['utility_inactivity', 'meter_offline']));
    expect(whole.hourly.length).toBeGreaterThan(HOUSEHOLDS * DAYS * 24);
    expect(whole.hourly.some((r) => r.model === 'learnt')).toBe(true);
  });

  it('pausing at every point gives the outputs of one advance, in order', () => {
    const slices = { n: 0 };
    const out = run(
      feed,
      sliced(() => () => true, slices),
    );
    expect(slices.n).toBeGreaterThan(HOUSEHOLDS * DAYS * 24);
    expect(out.alerts).toEqual(whole.alerts);
    expect(out.hourly).toEqual(whole.hourly);
  });

  it.each([1, 2, 3, 4])('pausing at random points (seed %i) gives the same', (seed) => {
    const rnd = prng(seed);
    const share = 0.05 + 0.5 * rnd();
    const slices = { n: 0 };
    const out = run(
      feed,
      sliced(() => () => rnd() < share, slices),
    );
    expect(slices.n).toBeGreaterThan(1000);
    expect(out.alerts).toEqual(whole.alerts);
    expect(out.hourly).toEqual(whole.hourly);
  });

  it('refuses a reading, another advance, a snapshot or a resume point while a close waits, and goes on after', () => {
    const d = new UtilityDetector({}, { household: (h) => householdInfo(h) }) as HourlyDetector<unknown>;
    const first = syntheticReadings({ household: id(0), from: T0, to: T0 + DAY });
    for (const r of first) d.onReading(r);
    expect(d.advanceSliced(T0 + DAY, () => true)).toBeUndefined();
    const next = syntheticReadings({
      household: id(0),
      from: T0 + DAY,
      to: T0 + DAY + HOUR,
    })[2] as MeterReading;
    expect(() => d.onReading(next)).toThrow(expect.objectContaining({ code: 'CLOSE_PENDING' }));
    expect(() => d.advance(T0 + 2 * DAY)).toThrow(expect.objectContaining({ code: 'CLOSE_PENDING' }));
    // Nor is it read: mid-close a snapshot holds readings taken whose rows are not emitted yet (a
    // restore from it never writes that hour: review, session 20), and what a commit must not
    // pass is mid-way too.
    expect(() => d.snapshot(id(0))).toThrow(expect.objectContaining({ code: 'CLOSE_PENDING' }));
    expect(() => d.oldestNeededTime()).toThrow(expect.objectContaining({ code: 'CLOSE_PENDING' }));
    let out = d.resume(() => false);
    expect(out?.hourly.length).toBeGreaterThan(20);
    expect(d.snapshot(id(0))?.bytes.length).toBeGreaterThan(0);
    expect(d.oldestNeededTime()).toBeDefined();
    expect(d.onReading(next)).toBe('accepted');
    out = d.advance(T0 + 2 * DAY);
    expect(out.hourly.length).toBeGreaterThan(0);
  });
});
