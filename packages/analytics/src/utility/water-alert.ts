/** water_running: opens when a run of water looks unusual for the household, resolves after a pause. */
import { type Alert, isoCst } from '@onegrid/contracts';
import { openAlert, resolveAlert } from './alerts.ts';
import type { UtilityConfig } from './config.ts';
import type { HouseholdState } from './household.ts';
import { HOUR, hourIndex } from './time.ts';
import { learnWaterProfile, type WaterProfile } from './water-profile.ts';
import { judgeRun } from './water-running.ts';

/** Checks the household's run of water at step `t`; an alert opened or resolved goes to `alerts`. */
export function checkWaterRunning<S>(
  h: HouseholdState<S>,
  t: number,
  config: UtilityConfig,
  alerts: Alert[],
): void {
  const { flow } = h;
  if (h.waterRunning) {
    // One condition, one alert: a pause shorter than `waterPauseMs` (a tap turned down, a
    // gap in the readings) does not end it, and the flow that follows is the same condition.
    const pausedFrom = Number.isNaN(flow.start) ? flow.lastFlowTo : Number.NaN;
    if (Number.isFinite(pausedFrom) && flow.end - pausedFrom >= config.waterPauseMs) {
      alerts.push(resolveAlert(h.waterRunning, t, { ended_at: isoCst(pausedFrom) }));
      h.waterRunning = undefined;
    }
    return;
  }
  const verdict = judgeRun(flow, waterProfileOf(h, t, config), config);
  if (!verdict) return;
  h.waterRunningSince = verdict.since;
  h.waterRunning = openAlert({
    type: 'water_running',
    severity: 'warning',
    subject: h.id,
    place: h.place,
    since: verdict.since,
    detectedAt: t,
    evidence: {
      reason: verdict.reason,
      running_hours: Number(((flow.end - verdict.since) / HOUR).toFixed(2)),
      flow_m3_per_hour: Number(flow.flowM3h().toFixed(3)),
      ...(verdict.usualHours !== undefined ? { usual_heavy_hours: verdict.usualHours } : {}),
    },
  });
  alerts.push(h.waterRunning);
}

/** The household's water profile, relearnt once a day from hours older than a day (as its rhythm). */
export function waterProfileOf<S>(
  h: HouseholdState<S>,
  t: number,
  config: UtilityConfig,
): WaterProfile | undefined {
  const day = Math.floor((hourIndex(t) + 8) / 24);
  if (h.waterProfileDay !== day) {
    h.waterProfile = learnWaterProfile(h.ring, day * 24 - 8 - 24, config);
    h.waterProfileDay = day;
  }
  return h.waterProfile;
}
