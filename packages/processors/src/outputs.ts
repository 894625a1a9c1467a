import { type Alert, type RiskScore, TOPICS } from '@onegrid/contracts';
import type { Sink } from '@onegrid/stream';
import { type ProcessorContext, topicSink } from './context.ts';

/** `onegrid.alerts`, keyed by subject as the contract says. */
export function alertSink(ctx: ProcessorContext): Sink<Alert> {
  return topicSink<Alert>(ctx, TOPICS.alerts, (a) => ({ key: a.subject, value: JSON.stringify(a) }));
}

/** `onegrid.risk-scores`, keyed by district. */
export function riskScoreSink(ctx: ProcessorContext): Sink<RiskScore> {
  return topicSink<RiskScore>(ctx, TOPICS.riskScores, (r) => ({ key: r.district, value: JSON.stringify(r) }));
}
