// Two baseline rules each for water_running and meter_offline, as a utility runs them, applied to
// what the running processors stored (the hourly usage and the meter readings archive), so they
// are scored on the same feed as onegrid's alerts. The inactivity baselines are processors of their
// own (packages/processors, `baselines: true`); these two kinds have none, so the scoring applies
// them here, in event time, and says so. Each finding is an open alert and, when the condition
// ends, its resolution, scored by the analytics package like onegrid's.
//
// - water_running `continuous_3h`: water in each of 3 consecutive fully reported hours;
// - water_running `night_flow`: water in each hour 01:00–05:00 (the minimum-night-flow check);
// - meter_offline `silent_3h` / `silent_24h`: a meter's next reading more than 3 h / 24 h after its
//   previous one, by event time (raised at previous + 3 h / 24 h, resolved at the next reading). A
//   late batch that later fills the gap is not seen: the archive holds its readings by event time.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert } from '@onegrid/contracts';

const HOUR = 3_600_000;
/** Water above this in an hour counts as flow (a 1 L register step; a 10 L one shows 0.01). */
const FLOW_M3 = 0.0005;

const iso = (ms: number) => new Date(ms).toISOString();

function finding(
  type: 'water_running' | 'meter_offline',
  rule: string,
  subject: string,
  householdId: string,
  since: number,
  at: number,
  resolvedAt: number | undefined,
): Alert[] {
  const alert: Alert = {
    alert_id: `${type}:${rule}:${subject}:${since}`,
    type,
    severity: 'warning',
    status: 'open',
    subject,
    district: 'unknown',
    since: iso(since),
    detected_at: iso(at),
    evidence: { model: rule, household_id: householdId },
  };
  return resolvedAt === undefined
    ? [alert]
    : [alert, { ...alert, status: 'resolved', detected_at: iso(resolvedAt) }];
}

interface HourRow {
  household_id: string;
  t: number;
  local_hour: number;
  water_m3: number;
  water_readings: number;
}

async function hourlyRows(client: ClickHouseClient): Promise<HourRow[]> {
  const result = await client.query({
    query: `SELECT household_id, toUnixTimestamp(hour) * 1000 AS t, toHour(hour) AS local_hour,
                   water_m3, water_readings
            FROM household_usage_hourly FINAL ORDER BY household_id, hour`,
    format: 'JSONEachRow',
  });
  return (await result.json<HourRow>()).map((r) => ({
    ...r,
    t: Number(r.t),
    local_hour: Number(r.local_hour),
    water_m3: Number(r.water_m3),
    water_readings: Number(r.water_readings),
  }));
}

function waterRules(rows: readonly HourRow[]): Record<string, Alert[]> {
  const continuous: Alert[] = [];
  const night: Alert[] = [];
  let run: { household: string; from: number; last: number; raised: boolean } | undefined;
  // A run ends when the hour after its last closes dry (or unreported).
  const close = () => {
    if (run?.raised) {
      const open = continuous.at(-1) as Alert;
      continuous.push({ ...open, status: 'resolved', detected_at: iso(run.last + 2 * HOUR) });
    }
    run = undefined;
  };
  let nightFrom: number | undefined;
  for (const r of rows) {
    const flowing = r.water_readings > 0 && r.water_m3 > FLOW_M3;
    if (run !== undefined && (run.household !== r.household_id || r.t !== run.last + HOUR || !flowing))
      close();
    if (flowing) {
      run ??= { household: r.household_id, from: r.t, last: r.t - HOUR, raised: false };
      run.last = r.t;
      if (!run.raised && r.t - run.from >= 2 * HOUR) {
        run.raised = true;
        continuous.push(
          ...finding(
            'water_running',
            'continuous_3h',
            r.household_id,
            r.household_id,
            run.from,
            r.t + HOUR,
            undefined,
          ),
        );
      }
    }
    // Night flow: every hour 01:00–04:59 local with water, judged at 05:00.
    if (r.local_hour === 1) nightFrom = flowing ? r.t : undefined;
    else if (nightFrom !== undefined && r.local_hour >= 2 && r.local_hour <= 4) {
      if (!flowing || r.t !== nightFrom + (r.local_hour - 1) * HOUR) nightFrom = undefined;
      else if (r.local_hour === 4)
        night.push(
          ...finding(
            'water_running',
            'night_flow',
            r.household_id,
            r.household_id,
            nightFrom,
            r.t + HOUR,
            r.t + 2 * HOUR,
          ),
        );
    }
  }
  close();
  return { continuous_3h: continuous, night_flow: night };
}

async function silentRules(client: ClickHouseClient): Promise<Record<string, Alert[]>> {
  // Each reading followed by a gap over 3 h, and each meter's last reading (next = 0).
  const result = await client.query({
    query: `SELECT meter_id, household_id, t, next FROM (
              SELECT meter_id, household_id, toUnixTimestamp64Milli(ts) AS t,
                     leadInFrame(toUnixTimestamp64Milli(ts), 1, 0)
                       OVER (PARTITION BY meter_id ORDER BY ts ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next
              FROM (SELECT DISTINCT meter_id, household_id, ts FROM meter_readings))
            WHERE next = 0 OR next - t > 3 * 3600000`,
    format: 'JSONEachRow',
  });
  const gaps = (await result.json<{ meter_id: string; household_id: string; t: number; next: number }>()).map(
    (g) => ({ ...g, t: Number(g.t), next: Number(g.next) }),
  );
  const out: Record<string, Alert[]> = {};
  for (const [rule, hours] of [
    ['silent_3h', 3],
    ['silent_24h', 24],
  ] as const) {
    const list: Alert[] = [];
    for (const g of gaps) {
      const next = g.next === 0 ? Number.POSITIVE_INFINITY : g.next;
      if (next - g.t <= hours * HOUR) continue;
      list.push(
        ...finding(
          'meter_offline',
          rule,
          g.meter_id,
          g.household_id,
          g.t,
          g.t + hours * HOUR,
          Number.isFinite(next) ? next : undefined,
        ),
      );
    }
    out[rule] = list;
  }
  return out;
}

/** Every baseline rule's alerts, keyed by rule. */
export async function eventBaselines(client: ClickHouseClient): Promise<Record<string, Alert[]>> {
  return { ...waterRules(await hourlyRows(client)), ...(await silentRules(client)) };
}
