/**
 * The generator: households, their planted conditions and their days, turned into registry and
 * meter messages in arrival order. Lazy and bounded: a day of usage per household is simulated
 * at a time (three days of quarter-hour bins per household), and only records that have not
 * arrived yet wait in a heap; 2,000 households × 21 days (~8M readings) stream in a few MB.
 */
import { isoCstSeconds } from '@onegrid/contracts';
import { type Counts, countRecord } from '@onegrid/feed-io';
import { frameOf, type GeneratorConfig, type GeneratorConfigInput, parseGeneratorConfig } from './config.ts';
import { ArrivalHeap } from './feed/heap.ts';
import { MeterFeed } from './feed/meters.ts';
import { UsageBins } from './model/bins.ts';
import { buildHouseholds, type HouseholdSpec } from './model/household.ts';
import { type LifeState, newLife, simulateDay } from './model/life.ts';
import { makePlan, type Plan } from './model/plan.ts';
import { POPULATION_NAMES } from './model/populations.ts';
import { seasonOf } from './model/season.ts';
import { householdTruth, plannedTruth, populationTruth } from './plan-truth.ts';
import type { StreamRecord } from './record.ts';
import { registryRecords } from './registry.ts';
import { createRng } from './rng.ts';
import { cstWeekday, DAY, MINUTE, QUARTER } from './time.ts';
import type { CountsTruth, TruthSink } from './truth.ts';

export interface Generation {
  config: GeneratorConfig;
  /** Epoch ms: first reading's interval start, scored window start, end (exclusive). */
  streamStart: number;
  start: number;
  end: number;
  households: readonly HouseholdSpec[];
  plan: Plan;
  /** Registry records first, then meter readings by arrival time. Iterate once. */
  records(): Generator<StreamRecord>;
  /** Tallies of the records yielded so far (complete once `records()` is exhausted). */
  counts(): CountsTruth;
}

const nothing: TruthSink = { write: () => {} };

/**
 * Builds the households and the plan, writes the truth known up front (scenario, populations,
 * planted conditions), and returns the lazy stream. Incident lines follow as each incident is
 * placed on its person's day; the `counts` line comes last.
 */
export function createGeneration(options: GeneratorConfigInput = {}, truth: TruthSink = nothing): Generation {
  const config = parseGeneratorConfig(options);
  const { streamStart, start, end } = frameOf(config);
  const households = buildHouseholds(config.seed, config.households, config.idBase, config.tenLitreShare);
  const plan = makePlan(config, households, { streamStart, start, end }, createRng(config.seed, 'plan'));
  const populations: Record<string, number> = Object.fromEntries(POPULATION_NAMES.map((n) => [n, 0]));
  for (const hh of households) populations[hh.population.name] = (populations[hh.population.name] ?? 0) + 1;
  truth.write({
    type: 'scenario',
    generator: '@onegrid/households',
    seed: config.seed,
    households: households.length,
    stream_start: isoCstSeconds(streamStart),
    start: isoCstSeconds(start),
    end: isoCstSeconds(end),
    populations,
  });
  for (const hh of households) truth.write(populationTruth(hh));
  for (const line of plannedTruth(households, plan)) truth.write(line);

  const counts: Counts = {};
  const feed = new MeterFeed(households, plan.meters, config.faults, createRng(config.seed, 'feed'));
  const summary = (): CountsTruth => ({
    type: 'counts',
    topics: structuredClone(counts),
    total: Object.values(counts).reduce((s, c) => s + (c?.sent ?? 0), 0),
    out_of_order: feed.outOfOrder,
    late_batched: feed.lateBatched,
  });

  function* records(): Generator<StreamRecord> {
    for (const r of registryRecords(config.seed, households, streamStart - MINUTE)) {
      countRecord(counts, r);
      yield r;
    }
    const minutes = (t: number) => (t - streamStart) / MINUTE;
    const bins = new UsageBins(households.length);
    for (const [h, trips] of plan.trips)
      for (const t of trips) bins.addQuiet(h, minutes(t.from), minutes(t.to));
    const lives: LifeState[] = households.map((hh) => {
      const life = newLife(hh, createRng(config.seed, `life:${hh.index}`));
      const target = plan.incidents.get(hh.index);
      if (target !== undefined) life.incidentTarget = minutes(target);
      return life;
    });
    const heap = new ArrivalHeap();
    const push = (r: StreamRecord) => heap.push(r);
    const days = Math.round((end - streamStart) / DAY);
    for (let day = 0; day < days; day++) {
      const midnight = streamStart + day * DAY;
      const weekday = cstWeekday(midnight);
      const season = seasonOf(midnight);
      for (const hh of households) {
        const onset = simulateDay(hh, lives[hh.index] as LifeState, day, weekday, season, bins);
        if (onset !== null) {
          const at = streamStart + Math.round(onset * 60) * 1000;
          truth.write(householdTruth(hh, 'incident', at, Number.POSITIVE_INFINITY));
        }
      }
      for (let q = 0; q < 96; q++) {
        const quarter = day * 96 + q;
        const t = streamStart + (quarter + 1) * QUARTER;
        const ts = isoCstSeconds(t);
        for (const hh of households) {
          const use = bins.take(hh.index, quarter);
          const litres = use.water + runningTap(plan, hh.index, t);
          const wattHours = use.power + baseLoad(hh, quarter * 15);
          feed.read(hh.index, t, ts, litres, wattHours, push);
        }
        for (const r of heap.drainUntil(t + QUARTER)) {
          countRecord(counts, r);
          yield r;
        }
      }
    }
    for (const r of heap.drainUntil(Number.POSITIVE_INFINITY)) {
      countRecord(counts, r);
      yield r;
    }
    truth.write(summary());
  }

  return { config, streamStart, start, end, households, plan, records, counts: summary };
}

/** The registry and meter messages of `options`, in arrival order (see `createGeneration`). */
export function generate(
  options: GeneratorConfigInput = {},
  truth: TruthSink = nothing,
): Generator<StreamRecord> {
  return createGeneration(options, truth).records();
}

/** Litres a planted running tap adds to the quarter ending at `t`. */
function runningTap(plan: Plan, h: number, t: number): number {
  const taps = plan.taps.get(h);
  if (!taps) return 0;
  let litres = 0;
  for (const tap of taps) {
    const overlap = Math.min(t, tap.to) - Math.max(t - QUARTER, tap.from);
    if (overlap > 0) litres += (overlap / 3_600_000) * tap.m3PerHour * 1000;
  }
  return litres;
}

/** Always-on watt-hours in the quarter starting at minute `m`: standby and fridge cycling. */
function baseLoad(hh: HouseholdSpec, m: number): number {
  const onBy = (x: number) => {
    const y = x + hh.fridgePhase;
    return Math.floor(y / hh.fridgePeriod) * hh.fridgeOn + Math.min(y % hh.fridgePeriod, hh.fridgeOn);
  };
  return hh.standbyW * 0.25 + (hh.fridgeW * (onBy(m + 15) - onBy(m))) / 60;
}
