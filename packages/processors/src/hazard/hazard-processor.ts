import { type HazardObservation, hazardObservationSchema, INTERNAL_TOPICS } from '@onegrid/contracts';
import type { ProcessorDefinition } from '@onegrid/stream';
import { lateSink, type ProcessorContext } from '../context.ts';
import { DetectorOperator } from '../operators/detector-operator.ts';
import { alertSink, riskScoreSink } from '../outputs.ts';
import { routedSink } from '../sinks/routed-sink.ts';
import { districtRegistry } from './district-registry.ts';
import { HazardModel, type HazardOutput, hazardTime } from './hazard-model.ts';

/**
 * Typhoon risk per district: reads weather observations and water levels re-keyed by district,
 * publishes risk scores on change to `onegrid.risk-scores` and `typhoon_risk` / `water_level`
 * alerts to `onegrid.alerts`.
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
        new HazardModel({}, (district) => districtRegistry(district, ctx.registry, population)),
      ),
    // Stations report every 5 min and gauges every 1 to 5; a 10-min bound absorbs clock skew
    // and the out-of-order delivery of a few minutes the feeds show.
    outOfOrdernessMs: 10 * 60_000,
    idleTimeoutMs: 60_000,
    sinks: [
      routedSink(riskScoreSink(ctx), (o: HazardOutput) => (o.kind === 'score' ? o.score : undefined)),
      routedSink(alertSink(ctx), (o: HazardOutput) => (o.kind === 'alert' ? o.alert : undefined)),
    ],
    late: lateSink(ctx),
    // Internal topics carry only what the archives wrote, already checked: nothing to dead-letter.
    deadLetters: 'count',
    commitIntervalMs: ctx.commitIntervalMs,
  };
}
