/** The planted conditions as truth entries (see truth.ts for the format). */
import { isoCstSeconds } from '@onegrid/contracts';
import type { City } from '../city/city.ts';
import { householdId, livesAlone, powerMeterId, waterMeterId } from '../city/households.ts';
import type { StationFault } from '../streams/weather.ts';
import type { Plan } from './plan.ts';
import type { DeviceConditionTruth, HouseholdConditionTruth } from './truth.ts';

const iso = (t: number): string | null => (Number.isFinite(t) ? isoCstSeconds(t) : null);
const MINUTE = 60_000;

export function* planTruth(
  city: City,
  plan: Plan,
  stationFaults: StationFault[],
): Generator<HouseholdConditionTruth | DeviceConditionTruth> {
  const gridOf = (h: number) => city.grids[city.households.grid[h] as number];
  for (const p of [...plan.households.values()].sort((a, b) => a.household - b.household)) {
    const grid = gridOf(p.household);
    yield {
      type: 'household',
      kind: p.kind,
      household_id: householdId(p.household),
      district: grid?.community.street.district.code ?? '',
      grid: grid?.id ?? '',
      lives_alone: livesAlone(city.households.type[p.household] as number),
      from: iso(p.from),
      to: iso(p.to),
      ...(p.kind === 'water_running' || p.kind === 'low_usage'
        ? { amount: Math.round(p.amount * 1000) / 1000 }
        : {}),
    };
  }
  for (const [meter, plans] of [...plan.meters.entries()].sort((a, b) => a[0] - b[0])) {
    const h = meter >> 1;
    const deviceId = meter % 2 === 0 ? waterMeterId(h) : powerMeterId(h);
    for (const p of plans) {
      yield {
        type: 'device',
        kind: p.kind,
        device_id: deviceId,
        household_id: householdId(h),
        ...(p.grid !== undefined ? { grid: city.grids[p.grid]?.id ?? '' } : {}),
        from: iso(p.from),
        to: iso(p.to),
        ...(p.kind === 'late_batch' ? { arrives: isoCstSeconds(p.to + MINUTE) } : {}),
        ...(p.kind === 'clock_skew' ? { skew_s: p.skewMs / 1000 } : {}),
      };
    }
  }
  for (const f of stationFaults) {
    yield {
      type: 'device',
      kind: f.kind,
      device_id: f.station,
      from: isoCstSeconds(f.from),
      to: isoCstSeconds(f.to),
      ...(f.kind === 'late_batch' ? { arrives: isoCstSeconds(f.to + 2 * MINUTE) } : {}),
    };
  }
}
