import { type HazardObservation, hazardObservationSchema, INTERNAL_TOPICS, TOPICS } from '@onegrid/contracts';
import { TABLES } from '@onegrid/store';
import type { ProcessorDefinition } from '@onegrid/stream';
import { lateSink, type ProcessorContext, tableSink } from '../context.ts';
import { DetectorOperator } from '../operators/detector-operator.ts';
import { alertSink, riskScoreSink } from '../outputs.ts';
import { routedSink } from '../sinks/routed-sink.ts';
import { districtRegistry } from './district-registry.ts';
import { flaggedLevelRow, flaggedWeatherRow } from './flag-rows.ts';
import { HAZARD_OUT_OF_ORDERNESS_MS, HazardModel, type HazardOutput, hazardTime } from './hazard-model.ts';

const partitions = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Typhoon risk per district: reads weather observations, water levels and typhoon advisories
 * (copied to every district, an optional feed nothing waits for) re-keyed by district,
 * publishes risk scores on change to `onegrid.risk-scores` and `typhoon_risk` / `water_level` /
 * `gauge_fault` alerts to `onegrid.alerts`, and stores the readings it refuted as sensor faults
 * flagged in the raw tables.
 */
export function hazardProcessor(
  ctx: ProcessorContext,
  population: ReadonlyMap<string, number>,
): ProcessorDefinition<typeof hazardObservationSchema, HazardOutput> {
  return {
    name: 'typhoon-risk',
    topic: INTERNAL_TOPICS.hazardByDistrict,
    schema: hazardObservationSchema,
    eventTime: (h: HazardObservation) => hazardTime(h),
    operator: () =>
      new DetectorOperator(
        new HazardModel({}, (district) => districtRegistry(district, ctx.registry, population), {
          sources: [
            ...partitions(ctx.partitions(TOPICS.weatherObservations)).map((p) => `weather/${p}`),
            ...partitions(ctx.partitions(TOPICS.waterLevels)).map((p) => `water_level/${p}`),
          ],
          idleMs: ctx.sourceIdleMs,
          now: Date.now,
        }),
      ),
    // The model keeps its own watermark per source partition (see HazardModel); this one only
    // paces the runtime's commit marks.
    outOfOrdernessMs: HAZARD_OUT_OF_ORDERNESS_MS,
    idleTimeoutMs: 60_000,
    sinks: [
      routedSink(riskScoreSink(ctx), (o: HazardOutput) => (o.kind === 'score' ? o.score : undefined)),
      routedSink(alertSink(ctx), (o: HazardOutput) => (o.kind === 'alert' ? o.alert : undefined)),
      routedSink(tableSink(ctx, TABLES.waterLevels), flaggedLevelRow),
      routedSink(tableSink(ctx, TABLES.weatherObservations), flaggedWeatherRow),
    ],
    late: lateSink(ctx),
    // Internal topics carry only what the archives wrote, already checked: nothing to dead-letter.
    deadLetters: 'count',
    commitIntervalMs: ctx.commitIntervalMs,
  };
}
