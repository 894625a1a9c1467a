// Typhoon hazard outputs as stored, against the simulator's planted truth (issue 20): gauge
// spells above warning and guarantee, sensor faults, a weather feed down. Pure scoring in
// `scoreHazard`; `readHazard` fetches what it needs from ClickHouse.
import type { ClickHouseClient } from '@clickhouse/client';
import { type Alert, toEpochMs } from '@onegrid/contracts';
import { alertFromRow, type StoredAlert } from '@onegrid/store';

const MIN = 60_000;

interface Spell {
  gauge_id: string;
  threshold: 'warning' | 'guarantee';
  from: string;
  to: string | null;
  first_sent: string | null;
}
interface Fault {
  kind: 'glitch' | 'stuck' | 'silent';
  device_kind: 'gauge' | 'station';
  device_id: string;
  from: string;
  to: string;
  readings?: { ts: string; field?: string }[];
}
export interface StoredScore {
  ts: string;
  weather_missing: number;
}
export interface StoredHazard {
  alerts: Alert[];
  scores: StoredScore[];
  refutedLevels: number;
  refutedWeather: number;
  /** Observations stored with refuted values: station, ts (+08:00), the fields. */
  refutedObservations: { station_id: string; ts: string; fields: string[] }[];
}

export async function readHazard(client: ClickHouseClient): Promise<StoredHazard> {
  const rows = async <T>(query: string) =>
    (await (await client.query({ query, format: 'JSONEachRow' })).json<T>()) as T[];
  const alerts = await rows<StoredAlert>(
    `SELECT alert_id, type, severity, status, subject, district, grid, toString(since) AS since,
            toString(detected_at) AS detected_at, evidence
     FROM alerts FINAL WHERE type IN ('water_level', 'gauge_fault') ORDER BY detected_at`,
  );
  const scores = await rows<StoredScore>(
    `SELECT formatDateTime(ts, '%Y-%m-%dT%H:%i:%S+08:00') AS ts, weather_missing FROM risk_scores FINAL`,
  );
  const [levels] = await rows<{ n: string }>(
    `SELECT count() AS n FROM water_levels FINAL WHERE quality = 'refuted'`,
  );
  const [weather] = await rows<{ n: string }>(
    `SELECT count() AS n FROM weather_observations FINAL WHERE notEmpty(refuted_fields)`,
  );
  const refutedObservations = await rows<{ station_id: string; ts: string; fields: string[] }>(
    `SELECT station_id, formatDateTime(ts, '%Y-%m-%dT%H:%i:%S+08:00') AS ts, refuted_fields AS fields
     FROM weather_observations FINAL WHERE notEmpty(refuted_fields)`,
  );
  return {
    alerts: alerts.map(alertFromRow),
    scores,
    refutedLevels: Number(levels?.n ?? 0),
    refutedWeather: Number(weather?.n ?? 0),
    refutedObservations,
  };
}

export interface HazardScore {
  spells: {
    threshold: string;
    planted: number;
    observable: number;
    found: number;
    delaysMin: number[];
    alertsPerSpell: number[];
  }[];
  /** water_level alerts opened on a gauge with a planted fault, outside any true spell of it. */
  falseOnFaulty: number;
  /** water_level alerts opened on any gauge outside every true spell. */
  falseAll: number;
  /** Per device kind and fault: planted, found, and delay (minutes from the fault's start to the alert's detected_at). */
  faults: { kind: string; deviceKind: string; planted: number; found: number; delaysMin: number[] }[];
  /**
   * Station glitch values the feed delivered (outside a weather outage), those stored refuted
   * naming the field, and observations stored refuted that carried no planted glitch.
   */
  stationGlitches: { sent: number; refuted: number; falseRefuted: number };
  /** gauge_fault alerts on devices with nothing planted (a real simulator silence counts as planted). */
  unplannedFaults: number;
  glitchReadings: number;
  refutedLevels: number;
  refutedWeather: number;
  feedDown: { from: string | null; to: string | null; scores: number; degraded: number } | null;
  /** Scores marked weather_missing outside the outage (a backlog, the first minutes, a station gap). */
  degradedOutside: number;
  scores: number;
}

const REASON: Record<Fault['kind'], string> = { glitch: 'implausible', stuck: 'stuck', silent: 'silent' };

export function scoreHazard(stored: StoredHazard, truth: readonly Record<string, unknown>[]): HazardScore {
  const opened = stored.alerts.filter((a) => a.status === 'open');
  const levelAlerts = opened.filter((a) => a.type === 'water_level');
  const spells = truth.filter((e) => e.type === 'level_spell') as unknown as Spell[];
  const end = toEpochMs(String((truth.find((e) => e.type === 'scenario') as { end: string }).end));
  const within = (a: Alert, s: Spell, slackMs: number) =>
    a.subject === s.gauge_id &&
    a.evidence.threshold === s.threshold &&
    toEpochMs(a.since) >= toEpochMs(s.from) - slackMs &&
    toEpochMs(a.since) <= (s.to === null ? end : toEpochMs(s.to));
  const bySpell = (['warning', 'guarantee'] as const).map((threshold) => {
    const planted = spells.filter((s) => s.threshold === threshold);
    const observable = planted.filter((s) => s.first_sent !== null);
    const delaysMin: number[] = [];
    const alertsPerSpell: number[] = [];
    for (const s of observable) {
      const matching = levelAlerts.filter((a) => within(a, s, 60 * MIN));
      alertsPerSpell.push(matching.length);
      const first = matching[0];
      if (first !== undefined)
        delaysMin.push(Math.max(0, (toEpochMs(first.detected_at) - toEpochMs(s.first_sent as string)) / MIN));
    }
    return {
      threshold,
      planted: planted.length,
      observable: observable.length,
      found: delaysMin.length,
      delaysMin,
      alertsPerSpell,
    };
  });
  const faults = truth.filter((e) => e.type === 'sensor_fault') as unknown as Fault[];
  // The simulator's own silent stations are faults to find too, and so are stations holding their
  // observations for a late batch: silent while they hold them.
  for (const d of truth.filter(
    (e) => e.type === 'device' && (e.kind === 'silent' || e.kind === 'late_batch'),
  )) {
    const id = String(d.device_id);
    if (id.startsWith('AWS-'))
      faults.push({
        kind: 'silent',
        device_kind: 'station',
        device_id: id,
        from: String(d.from),
        to: String(d.to),
      });
  }
  const faulty = new Set(faults.filter((f) => f.device_kind === 'gauge').map((f) => f.device_id));
  const inSomeSpell = (a: Alert) => spells.some((s) => within(a, s, 10 * MIN));
  const faultAlerts = opened.filter((a) => a.type === 'gauge_fault');
  const alertOf = (f: Fault) =>
    faultAlerts.find(
      (a) =>
        a.subject === f.device_id &&
        a.evidence.fault === REASON[f.kind] &&
        // Open at some point of the fault (a silence begins at the last reading before it).
        toEpochMs(a.since) <= toEpochMs(f.to) + 60 * MIN &&
        toEpochMs(a.detected_at) >= toEpochMs(f.from) - 60 * MIN,
    );
  const kinds = [...new Set(faults.map((f) => `${f.device_kind}/${f.kind}`))].sort();
  const down = truth.find((e) => e.type === 'feed_down' && e.topic === 'city.weather.observations') as
    | { from: string | null; to: string | null }
    | undefined;
  const inDown = (s: StoredScore) =>
    down !== undefined &&
    (down.from === null || toEpochMs(s.ts) > toEpochMs(down.from)) &&
    (down.to === null || toEpochMs(s.ts) <= toEpochMs(down.to));
  const downScores = stored.scores.filter(inDown);
  const deliveredAt = (ts: string) =>
    down === undefined ||
    !(
      (down.from === null || toEpochMs(ts) > toEpochMs(down.from)) &&
      (down.to === null || toEpochMs(ts) <= toEpochMs(down.to))
    );
  const stationReadings = faults
    .filter((f) => f.device_kind === 'station' && f.kind === 'glitch')
    .flatMap((f) => (f.readings ?? []).map((r) => ({ station: f.device_id, ...r })))
    .filter((r) => deliveredAt(r.ts));
  const refutedAt = new Map(stored.refutedObservations.map((o) => [`${o.station_id}|${o.ts}`, o.fields]));
  const planted = new Set(stationReadings.map((r) => `${r.station}|${r.ts}`));
  return {
    spells: bySpell,
    falseOnFaulty: levelAlerts.filter((a) => faulty.has(a.subject) && !inSomeSpell(a)).length,
    falseAll: levelAlerts.filter((a) => !inSomeSpell(a)).length,
    faults: kinds.map((k) => {
      const [deviceKind = '', kind = ''] = k.split('/');
      // A station glitch whose every value fell in a weather outage was never sent: not to be found.
      const sent = (f: Fault) =>
        f.device_kind !== 'station' ||
        f.kind !== 'glitch' ||
        (f.readings ?? []).some((r) => deliveredAt(r.ts));
      const planted = faults.filter((f) => f.device_kind === deviceKind && f.kind === kind && sent(f));
      const delaysMin = planted.flatMap((f) => {
        const a = alertOf(f);
        // A glitch fault begins at its first glitch reading (its from..to is the window it was drawn in).
        const start = f.kind === 'glitch' ? (f.readings?.[0]?.ts ?? f.from) : f.from;
        return a === undefined ? [] : [Math.max(0, (toEpochMs(a.detected_at) - toEpochMs(start)) / MIN)];
      });
      return { kind, deviceKind, planted: planted.length, found: delaysMin.length, delaysMin };
    }),
    stationGlitches: {
      sent: stationReadings.length,
      refuted: stationReadings.filter((r) =>
        (refutedAt.get(`${r.station}|${r.ts}`) ?? []).includes(r.field ?? ''),
      ).length,
      falseRefuted: stored.refutedObservations.filter((o) => !planted.has(`${o.station_id}|${o.ts}`)).length,
    },
    unplannedFaults: faultAlerts.filter((a) => !faults.some((f) => f.device_id === a.subject)).length,
    glitchReadings: faults.reduce(
      (n, f) => n + (f.device_kind === 'gauge' ? (f.readings?.length ?? 0) : 0),
      0,
    ),
    refutedLevels: stored.refutedLevels,
    refutedWeather: stored.refutedWeather,
    scores: stored.scores.length,
    degradedOutside: stored.scores.filter((s) => !inDown(s) && s.weather_missing === 1).length,
    feedDown:
      down === undefined
        ? null
        : {
            ...down,
            scores: downScores.length,
            degraded: downScores.filter((s) => s.weather_missing === 1).length,
          },
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
};

/** The lines the scoring script prints. */
export function formatHazardScore(h: HazardScore): string[] {
  const lines = h.spells.map(
    (s) =>
      `spells above ${s.threshold.padEnd(9)}: found ${s.found} / ${s.observable} observable (${s.planted} planted), delay median ${median(s.delaysMin).toFixed(1)} min, max ${Math.max(...s.delaysMin, 0).toFixed(1)} min, alerts per spell ${median(s.alertsPerSpell).toFixed(0)} (max ${Math.max(...s.alertsPerSpell, 0)})`,
  );
  lines.push(
    `water_level alerts outside any true spell: ${h.falseAll} (on faulty gauges: ${h.falseOnFaulty})`,
  );
  for (const f of h.faults)
    lines.push(
      `gauge_fault ${f.deviceKind} ${f.kind.padEnd(7)}: found ${f.found} / ${f.planted}, delay median ${median(f.delaysMin).toFixed(0)} min, max ${Math.max(...f.delaysMin, 0).toFixed(0)} min`,
    );
  lines.push(
    `station glitch values delivered ${h.stationGlitches.sent}: stored refuted ${h.stationGlitches.refuted}; observations refuted with no glitch planted: ${h.stationGlitches.falseRefuted}`,
  );
  lines.push(`gauge_fault alerts on devices with nothing planted: ${h.unplannedFaults}`);
  lines.push(
    `glitch readings sent ${h.glitchReadings}; stored refuted: water_levels ${h.refutedLevels}, weather_observations ${h.refutedWeather}`,
  );
  if (h.feedDown !== null)
    lines.push(
      `weather feed down ${h.feedDown.from ?? 'from the start'} → ${h.feedDown.to ?? 'the end'}: ${h.feedDown.scores} risk scores published, ${h.feedDown.degraded} marked weather_missing`,
    );
  lines.push(`risk scores ${h.scores}; marked weather_missing outside the outage: ${h.degradedOutside}`);
  return lines;
}
