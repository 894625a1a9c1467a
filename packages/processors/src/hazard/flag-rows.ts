import type { FlaggedReading } from '@onegrid/analytics/typhoon';
import { waterLevelRow, weatherObservationRow } from '@onegrid/store';
import type { HazardOutput } from './hazard-model.ts';

/**
 * A refuted gauge reading as a `water_levels` row again, flagged (migration 0016): stored after
 * the archive's copy, it replaces it (ReplacingMergeTree on ingested_at).
 */
export function flaggedLevelRow(o: HazardOutput) {
  if (o.kind !== 'flag' || o.flag.kind !== 'water_level') return undefined;
  const f: Extract<FlaggedReading, { kind: 'water_level' }> = o.flag;
  return {
    ...waterLevelRow({ gauge_id: f.gauge_id, ts: new Date(f.t).toISOString(), level_m: f.level_m }),
    quality: 'refuted',
    refuted_reason: f.reason,
  };
}

/** An observation with refuted values as a `weather_observations` row again, naming them. */
export function flaggedWeatherRow(o: HazardOutput) {
  if (o.kind !== 'flag' || o.flag.kind !== 'weather') return undefined;
  return { ...weatherObservationRow(o.flag.observation), refuted_fields: o.flag.fields };
}
