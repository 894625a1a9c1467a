// Utility alerts as stored, against the planted truth: onegrid's detector and the two baseline
// rules, scored by the analytics package's own scoring (what counts as found, late or false is
// defined there, once).
import type { ClickHouseClient } from '@clickhouse/client';
import {
  type EventRow,
  eventReport,
  type InactivityRow,
  type InactivityScore,
  inactivityReport,
  inInactivityScope,
  scopeTruth,
  scoreEvents,
  scoreInactivity,
} from '@onegrid/analytics/utility';
import type { Alert } from '@onegrid/contracts';
import { alertFromRow, type StoredAlert } from '@onegrid/store';

/** Every stored status of the alerts `where` selects, as the contract's messages. */
export async function storedAlerts(client: ClickHouseClient, table: string, where: string): Promise<Alert[]> {
  const result = await client.query({
    query: `SELECT alert_id, type, severity, status, subject, district, grid, toString(since) AS since,
                   toString(detected_at) AS detected_at, evidence
            FROM ${table} FINAL WHERE ${where} ORDER BY detected_at`,
    format: 'JSONEachRow',
  });
  return (await result.json<StoredAlert>()).map(alertFromRow);
}

export interface AlertScores {
  readonly inactivity: { detector: string; score: InactivityScore }[];
  readonly waterRunning: ReturnType<typeof scoreEvents>;
  readonly meterOffline: ReturnType<typeof scoreEvents>;
}

export async function scoreAlerts(
  client: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
): Promise<AlertScores> {
  const onegrid = await storedAlerts(
    client,
    'alerts',
    "type IN ('utility_inactivity', 'water_running', 'meter_offline')",
  );
  const inactivity = [{ detector: 'onegrid', score: scoreInactivity(onegrid, truth) }];
  for (const detector of ['two_day', 'fixed_threshold']) {
    const alerts = await storedAlerts(client, 'baseline_alerts', `detector = '${detector}'`);
    inactivity.push({ detector, score: scoreInactivity(alerts, truth) });
  }
  return {
    inactivity,
    waterRunning: scoreEvents(onegrid, truth, 'water_running'),
    meterOffline: scoreEvents(onegrid, truth, 'meter_offline'),
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '–');
const hours = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} h` : '–');

/** The table the scoring script prints. */
export function formatAlertScores(scores: AlertScores): string[] {
  const lines = [
    '| detector | found / planted | precision | recall | false alarms | per household per month | median delay | p90 delay |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { detector, score: s } of scores.inactivity) {
    lines.push(
      `| ${detector} | ${s.detected} / ${s.planted} | ${pct(s.precision)} | ${pct(s.recall)} | ${s.falseAlarms} ` +
        `(${Object.entries(s.falseAlarmsBy)
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ', ',
          )}) | ${s.falseAlarmsPerHouseholdMonth.toFixed(3)} | ${hours(s.medianDelayH)} | ${hours(s.p90DelayH)} |`,
    );
  }
  const w = scores.waterRunning;
  const m = scores.meterOffline;
  lines.push(
    '',
    `water_running: found ${w.detected} / ${w.planted}, false alarms ${w.falseAlarms}, median delay ${hours(w.medianDelayH)}`,
    `meter_offline: found ${m.detected} / ${m.planted}, false alarms ${m.falseAlarms}, median delay ${hours(m.medianDelayH)}`,
  );
  return lines;
}

/**
 * Per household, the share of its hours in [start, end) that onegrid's detector judged on the
 * household's own learnt rhythm, from the `model` column of household_usage_hourly.
 */
export async function learntShares(
  client: ClickHouseClient,
  startMs: number,
  endMs: number,
): Promise<Map<string, number>> {
  const result = await client.query({
    query: `SELECT household_id, countIf(model = 'learnt') / count() AS share
            FROM household_usage_hourly FINAL
            WHERE hour >= fromUnixTimestamp64Milli({start:Int64}) AND hour < fromUnixTimestamp64Milli({end:Int64})
            GROUP BY household_id`,
    query_params: { start: startMs, end: endMs },
    format: 'JSONEachRow',
  });
  return new Map(
    (await result.json<{ household_id: string; share: number }>()).map((r) => [
      r.household_id,
      Number(r.share),
    ]),
  );
}

/**
 * The truth as the product's scope sees it, as the in-process evaluation scopes it: incidents on
 * households whose stored registry record says neither alone nor vulnerable are not scored. A
 * household with no stored record (not arrived yet) stays in scope, as the detector treats it.
 */
export async function scopedTruth(
  client: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
): Promise<{ entries: unknown[]; outOfScopeIncidents: number }> {
  const result = await client.query({
    query: `SELECT household_id, district, grid, lives_alone, vulnerable, grid_worker FROM households FINAL`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<{
    household_id: string;
    district: string;
    grid: string;
    lives_alone: boolean | null;
    vulnerable: string[];
    grid_worker: string;
  }>();
  const registry = new Map(
    rows.map((r) => [
      r.household_id,
      {
        household_id: r.household_id,
        district: r.district,
        grid: r.grid,
        ...(r.lives_alone === null ? {} : { lives_alone: r.lives_alone }),
        vulnerable: r.vulnerable,
        grid_worker: r.grid_worker,
      },
    ]),
  );
  return scopeTruth(truth, (id) => inInactivityScope(registry.get(id)));
}

/** Issue 15's report: per population and detector, and water_running / meter_offline. */
export async function reportAlerts(
  client: ClickHouseClient,
  allTruth: readonly Record<string, unknown>[],
  window: { start: number; end: number },
): Promise<{ inactivity: InactivityRow[]; events: EventRow[]; outOfScopeIncidents: number }> {
  const { entries: truth, outOfScopeIncidents } = await scopedTruth(client, allTruth);
  const onegrid = await storedAlerts(
    client,
    'alerts',
    "type IN ('utility_inactivity', 'water_running', 'meter_offline')",
  );
  const byDetector = new Map<string, Alert[]>([['onegrid', onegrid]]);
  for (const detector of ['two_day', 'fixed_threshold'])
    byDetector.set(detector, await storedAlerts(client, 'baseline_alerts', `detector = '${detector}'`));
  const shares = await learntShares(client, window.start, window.end);
  return {
    inactivity: inactivityReport(byDetector, truth, shares),
    events: eventReport(onegrid, truth),
    outOfScopeIncidents,
  };
}
