import { type Alert, type RiskScore, TOPICS } from '@onegrid/contracts';
import type { Sink } from '@onegrid/stream';
import { type ProcessorContext, topicSink } from './context.ts';
import { screenCopySink } from './live/screen-lane-sink.ts';

/** `onegrid.alerts`, keyed by subject as the contract says. */
export function alertSink(ctx: ProcessorContext): Sink<Alert> {
  const sink = topicSink<Alert>(ctx, TOPICS.alerts, (a) => ({ key: a.subject, value: JSON.stringify(a) }));
  // The screens' copy, at once (live/screen-lane.ts).
  return ctx.screenLane === undefined
    ? sink
    : screenCopySink(sink, ctx.screenLane, (alert) => ({ kind: 'alert', alert }));
}

/** `onegrid.risk-scores`, keyed by district. */
export function riskScoreSink(ctx: ProcessorContext): Sink<RiskScore> {
  const sink = topicSink<RiskScore>(ctx, TOPICS.riskScores, (r) => ({
    key: r.district,
    value: JSON.stringify(r),
  }));
  return ctx.screenLane === undefined
    ? sink
    : screenCopySink(sink, ctx.screenLane, (score) => ({ kind: 'risk', score }));
}
