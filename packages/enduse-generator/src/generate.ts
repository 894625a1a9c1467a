/**
 * The feed: the Python models' per-quarter use (usage.ts) turned into registry and meter
 * messages in arrival order by packages/households' feed layer (cumulative registers with 1 L
 * or 10 L steps, planted meter faults, duplicates, disorder, malformed copies), with the truth
 * beside it in the same format. Lazy: only records not yet arrived wait in a heap.
 */
import { isoCstSeconds } from '@onegrid/contracts';
import { type Counts, countRecord } from '@onegrid/feed-io';
import type { CountsTruth } from '@onegrid/households';
import {
  ArrivalHeap,
  createRng,
  frameOf,
  type MeterFault,
  MeterFeed,
  type StreamRecord,
} from '@onegrid/households';
import { buildCity, type EnduseHousehold, registryRecords } from './city.ts';
import type { EnduseConfig } from './config.ts';
import { planMeterFaults } from './meter-faults.ts';
import { deviceTruth, type EnduseTruthSink, householdTruth, populationTruth } from './truth.ts';
import type { Usage } from './usage.ts';

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;

export interface EnduseGeneration {
  config: EnduseConfig;
  /** Epoch ms: first reading's interval start, scored window start, end (exclusive). */
  streamStart: number;
  start: number;
  end: number;
  city: readonly EnduseHousehold[];
  meterFaults: Map<number, MeterFault[]>;
  /** Registry records first, then meter readings by arrival time. Iterate once. */
  records(): Generator<StreamRecord>;
  counts(): CountsTruth;
}

const nothing: EnduseTruthSink = { write: () => {} };

/** Writes the truth known up front and returns the lazy stream of `usage` as messages. */
export function createGeneration(
  config: EnduseConfig,
  usage: Usage,
  truth: EnduseTruthSink = nothing,
): EnduseGeneration {
  const { streamStart, start, end } = frameOf(config);
  const { meta } = usage;
  const city = buildCity(config.seed, meta, config.idBase, config.tenLitreShare);
  const meterFaults = planMeterFaults(
    config,
    city.length,
    { start, end },
    createRng(config.seed, 'enduse:meters'),
  );
  const populations: Record<string, number> = {};
  for (const hh of city) populations[hh.population] = (populations[hh.population] ?? 0) + 1;
  truth.write({
    type: 'scenario',
    generator: '@onegrid/enduse-generator',
    models: meta.models,
    seed: config.seed,
    households: city.length,
    stream_start: isoCstSeconds(streamStart),
    start: isoCstSeconds(start),
    end: isoCstSeconds(end),
    populations,
  });
  for (const hh of city) truth.write(populationTruth(hh));
  const at = (minute: number) => streamStart + minute * MINUTE;
  const byIndex = (key: string) => city[Number(key)] as EnduseHousehold;
  for (const [key, trips] of Object.entries(meta.trips))
    for (const [from, to] of trips) truth.write(householdTruth(byIndex(key), 'travel', at(from), at(to)));
  for (const [key, [from, to, m3h]] of Object.entries(meta.taps))
    truth.write(householdTruth(byIndex(key), 'water_running', at(from), at(to), m3h));
  for (const [key, incident] of Object.entries(meta.incidents))
    if (incident.onset !== null)
      truth.write(householdTruth(byIndex(key), 'incident', at(incident.onset), Number.POSITIVE_INFINITY));
  for (const [meter, faults] of [...meterFaults].sort((a, b) => a[0] - b[0]))
    for (const f of faults) truth.write(deviceTruth(city[meter >> 1] as EnduseHousehold, meter, f));

  const counts: Counts = {};
  const feed = new MeterFeed(city, meterFaults, config.faults, createRng(config.seed, 'enduse:feed'));
  const summary = (): CountsTruth => ({
    type: 'counts',
    topics: structuredClone(counts),
    total: Object.values(counts).reduce((s, c) => s + (c?.sent ?? 0), 0),
    out_of_order: feed.outOfOrder,
    late_batched: feed.lateBatched,
  });

  function* records(): Generator<StreamRecord> {
    for (const r of registryRecords(config.seed, city, streamStart - MINUTE)) {
      countRecord(counts, r);
      yield r;
    }
    const heap = new ArrivalHeap();
    const push = (r: StreamRecord) => heap.push(r);
    const quarters = meta.quarters;
    for (let quarter = 0; quarter < quarters; quarter++) {
      const t = streamStart + (quarter + 1) * QUARTER;
      const ts = isoCstSeconds(t);
      for (const hh of city) {
        const i = hh.index * quarters + quarter;
        feed.read(hh.index, t, ts, usage.water[i] as number, usage.power[i] as number, push);
      }
      for (const r of heap.drainUntil(t + QUARTER)) {
        countRecord(counts, r);
        yield r;
      }
    }
    for (const r of heap.drainUntil(Number.POSITIVE_INFINITY)) {
      countRecord(counts, r);
      yield r;
    }
    truth.write(summary());
  }

  return { config, streamStart, start, end, city, meterFaults, records, counts: summary };
}
