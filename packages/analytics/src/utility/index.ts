export * from './alerts.ts';
export * from './baselines.ts';
export * from './config.ts';
export * from './detector.ts';
export * from './detectors.ts';
export * from './errors.ts';
export * from './hourly.ts';
export { type Interval, MeterTrack, type ReadingDisposition } from './meter-track.ts';
export type { MeterClock } from './offline.ts';
export * from './onegrid-rule.ts';
/** The largest tag a detector keeps for a meter's caller (its source partition, for the processor). */
export { MAX_TAG as MAX_METER_TAG } from './recent-slab.ts';
export { learnRhythm, type Rhythm } from './rhythm.ts';
export type { Finding, InactivityRule, RuleContext } from './rule.ts';
export * from './scoring.ts';
export * from './scoring-report.ts';
export {
  checkHouseholdSnapshot,
  decodeHouseholdSnapshot,
  OLDEST_SNAPSHOT_VERSION,
  SNAPSHOT_VERSION,
} from './snapshot.ts';
export * from './truth.ts';
export { ringHoursFor } from './usage-ring.ts';
