import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SNAPSHOT_VERSION } from '@onegrid/analytics/utility';
import type { Alert } from '@onegrid/contracts';
import { alertRow, loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptySnapshot } from './empty-snapshot.test-support.ts';
import { loadUtilityRestartState } from './restart-state.ts';
import { SNAPSHOT_TABLE } from './snapshot-state.ts';

// Real embedded ClickHouse (chDB), migrated. The restore reads only the hourly rows newer than
// the partition's snapshots (issue 17): what each kind of household gets back must not change.
let store: Store;
const HOUR = 3_600_000;
/** The newest stored hour (epoch hours): 2026-09-30T00:00+08:00. */
const NEWEST = Date.UTC(2026, 8, 29, 16) / HOUR;

/** One row per hour for the last `days` days of `id`, each written at version hour + 1 h. */
async function rows(id: string, days: number): Promise<void> {
  const values = [];
  for (let h = NEWEST - days * 24 + 1; h <= NEWEST; h++)
    values.push({
      household_id: id,
      hour: new Date(h * HOUR).toISOString(),
      water_m3: 0.01,
      electricity_kwh: 0.2,
      water_readings: 4,
      electricity_readings: 4,
      version: (h + 1) * HOUR,
      model: 'learnt',
      in_alert: 0,
    });
  await store.client.insert({
    table: 'household_usage_hourly',
    values,
    format: 'JSONEachRow',
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

async function snapshot(id: string, version: number, snapshot = emptySnapshot()): Promise<void> {
  await store.client.insert({
    table: SNAPSHOT_TABLE,
    values: [{ household_id: id, format: SNAPSHOT_VERSION, version, snapshot }],
    format: 'JSONEachRow',
  });
}

const cst = (h: number): string => new Date(h * HOUR + 8 * HOUR).toISOString().replace('Z', '+08:00');

/** An inactivity alert of `id` since hour `since` (epoch hours), resolved at hour `ended` unless NaN. */
function inactivity(id: string, since: number, ended: number): Alert[] {
  const open: Alert = {
    alert_id: `utility_inactivity:${id}:${cst(since)}`,
    type: 'utility_inactivity',
    severity: 'critical',
    status: 'open',
    subject: id,
    district: '310101',
    grid: 'G-310101-0001',
    since: cst(since),
    detected_at: cst(since + 3),
    evidence: { rule: 'onegrid', model: 'learnt' },
  };
  if (Number.isNaN(ended)) return [open];
  const resolved: Alert = {
    ...open,
    status: 'resolved',
    detected_at: cst(ended + 1),
    evidence: { ...open.evidence, ended_at: cst(ended) },
  };
  return [open, resolved];
}

async function alerts(values: readonly Alert[], baseline?: string): Promise<void> {
  await store.client.insert({
    table: baseline === undefined ? 'alerts' : 'baseline_alerts',
    values: values.map((a) =>
      baseline === undefined ? alertRow(a) : { detector: baseline, ...alertRow(a) },
    ),
    format: 'JSONEachRow',
    clickhouse_settings: { date_time_input_format: 'best_effort' },
  });
}

/** A water_running alert of `id` since hour `since`, resolved at hour `ended` unless NaN. */
function waterRunning(id: string, since: number, ended: number): Alert[] {
  const [open, resolved] = inactivity(id, since, ended).map((a) => ({
    ...a,
    alert_id: `water_running:${id}:${cst(since)}`,
    type: 'water_running' as const,
    severity: 'warning' as const,
    evidence: { reason: 'steady', ...(a.status === 'resolved' ? { ended_at: cst(ended) } : {}) },
  }));
  return resolved === undefined ? [open as Alert] : [open as Alert, resolved];
}

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-chdb-restart-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid_restart_state' }),
  );
  await migrate(store.client);
  for (const id of ['HH-fresh', 'HH-stale', 'HH-none', 'HH-unreadable']) await rows(id, 14);
  // Snapshot taken 2 hours before the newest hour: the rows of the last 4 hours are newer.
  await snapshot('HH-fresh', (NEWEST - 2) * HOUR);
  // Gone quiet 5 days ago: its snapshot is older than the partition's last day.
  await snapshot('HH-stale', (NEWEST - 5 * 24) * HOUR);
  await snapshot('HH-unreadable', (NEWEST - 2) * HOUR, Buffer.from([SNAPSHOT_VERSION, 9]).toString('base64'));
  // HH-fresh: two resolved in the ring's span (the newer is read back, twice stored as a replay
  // would), then one open. HH-none: one resolved before the span (not read).
  await alerts([
    ...inactivity('HH-fresh', NEWEST - 100, NEWEST - 90),
    ...inactivity('HH-fresh', NEWEST - 50, NEWEST - 30),
    ...inactivity('HH-fresh', NEWEST - 50, NEWEST - 30),
    ...inactivity('HH-fresh', NEWEST - 10, Number.NaN),
    ...inactivity('HH-none', NEWEST - 20 * 24, NEWEST - 19 * 24),
    // A tap whose alert is still open (the restored run resolves it: water-flow.ts), one long over.
    ...waterRunning('HH-stale', NEWEST - 9, Number.NaN),
    ...waterRunning('HH-stale', NEWEST - 40, NEWEST - 38),
  ]);
  // The two-day rule's own alerts: HH-none's still open, HH-fresh's resolved in the span; the
  // fixed rule's open one on HH-stale (another detector's: not the two-day rule's to restore).
  await alerts(
    [
      ...inactivity('HH-none', NEWEST - 60, Number.NaN),
      ...inactivity('HH-fresh', NEWEST - 70, NEWEST - 20),
      ...inactivity('HH-fresh', NEWEST - 130, NEWEST - 120),
    ].map((a) => ({ ...a, evidence: { ...a.evidence, model: 'two_day' } })),
    'two_day',
  );
  await alerts(inactivity('HH-stale', NEWEST - 30, Number.NaN), 'fixed_threshold');
  // Bounded by since (the table's partitions): the two-day rule's alerts that began a month
  // before the ring's span or earlier are not read, one open, one resolved in the span; one open
  // since 30 days before the newest hour (before the span, within the bound) is.
  await alerts(
    [
      ...inactivity('HH-unreadable', NEWEST - 60 * 24, Number.NaN),
      ...inactivity('HH-stale', NEWEST - 60 * 24, NEWEST - 24),
      ...inactivity('HH-long', NEWEST - 30 * 24, Number.NaN),
    ].map((a) => ({ ...a, evidence: { ...a.evidence, model: 'two_day' } })),
    'two_day',
  );
}, 120_000);
afterAll(async () => {
  await store?.close();
});

describe('utility restart state, bounded by the snapshots', () => {
  it('reads the rows after each snapshot, and all the window of a household without a usable one', async () => {
    const state = await loadUtilityRestartState(store.client, 14);
    const hours = (id: string) => state.history.get(id)?.length ?? 0;
    expect([...state.snapshots.keys()].sort()).toEqual(['HH-fresh', 'HH-stale']);
    expect(state.unreadSnapshots).toEqual(['HH-unreadable']);
    // The bytes as written, through RowBinary and the store's base64Decode.
    expect(Buffer.from(state.snapshots.get('HH-fresh') ?? [])).toEqual(
      Buffer.from(emptySnapshot(), 'base64'),
    );
    expect(state.snapshots.get('HH-stale')?.length).toBe(19);
    // Rows at or above the snapshot's version (each written an hour after its hour): hours
    // NEWEST − 3 … NEWEST.
    expect(hours('HH-fresh')).toBe(4);
    // A stale snapshot is read by household id, then bounded by its own version: NEWEST − 121 … NEWEST.
    expect(hours('HH-stale')).toBe(5 * 24 + 2);
    // No snapshot, or one that cannot be read: the whole learning window (14 days + the newest hour).
    expect(hours('HH-none')).toBe(14 * 24);
    expect(hours('HH-unreadable')).toBe(14 * 24);
  });

  it('reads the open alerts and each household’s newest resolved inactivity alert of the span', async () => {
    const state = await loadUtilityRestartState(store.client, 14);
    const read = (id: string) =>
      (state.householdAlerts.get(id) ?? []).map((a) => `${a.since}|${a.status}|${a.evidence.ended_at ?? ''}`);
    // Issue 15 item 1: the replay re-judges hours the resolved one covered, and opens nothing there.
    expect(read('HH-fresh').sort()).toEqual(
      [`${cst(NEWEST - 10)}|open|`, `${cst(NEWEST - 50)}|resolved|${cst(NEWEST - 30)}`].sort(),
    );
    expect(read('HH-none')).toEqual([]);
    // The open water_running alert (a restored run resolves it when the replay shows the tap
    // stopped: snapshot.test.ts); a resolved one is not read back.
    expect(state.householdAlerts.get('HH-stale')?.map((a) => `${a.type}|${a.since}|${a.status}`)).toEqual([
      `water_running|${cst(NEWEST - 9)}|open`,
    ]);
    expect(state.offlineAlerts).toEqual([]);
  });

  it('restores a baseline rule from its own alerts in baseline_alerts, not onegrid’s', async () => {
    const state = await loadUtilityRestartState(store.client, 14, undefined, { baseline: 'two_day' });
    const read = (id: string) =>
      (state.householdAlerts.get(id) ?? [])
        .map((a) => `${a.since}|${a.status}|${a.evidence.ended_at ?? ''}|${a.evidence.model}`)
        .sort();
    expect(read('HH-none')).toEqual([`${cst(NEWEST - 60)}|open||two_day`]);
    expect(read('HH-fresh')).toEqual([`${cst(NEWEST - 70)}|resolved|${cst(NEWEST - 20)}|two_day`]);
    // Neither onegrid's open inactivity and water_running alerts nor the other rule's.
    expect(read('HH-stale')).toEqual([]);
    expect([...state.householdAlerts.keys()].sort()).toEqual(['HH-fresh', 'HH-long', 'HH-none']);
    // The open one as the store first raised it: detected when it opened.
    expect(state.householdAlerts.get('HH-none')?.[0]?.detected_at).toBe(cst(NEWEST - 57));
    expect(state.offlineAlerts).toEqual([]);
    // Rows and snapshots are the same as onegrid's detector reads.
    expect(state.history.get('HH-fresh')?.length).toBe(4);
    // And onegrid's restore reads none of the baselines'.
    const onegrid = await loadUtilityRestartState(store.client, 14);
    expect(onegrid.householdAlerts.get('HH-none') ?? []).toEqual([]);
  });

  it('restores a baseline alert stored twice alike as its newest stored row, whole', async () => {
    // Two owners in a rebalance stored one open alert twice: same id, status and detection, told
    // apart by the stored version only. The newer row stands, every column of it (before: each
    // column's argMax by status and detection tied and took the first row read, the older).
    const [open] = inactivity('HH-twice', NEWEST - 50, Number.NaN);
    const stored = (a: Alert, version: string, severity: Alert['severity'], by: string) => ({
      detector: 'fixed_threshold',
      ...alertRow({ ...a, severity, evidence: { model: 'fixed_threshold', stored_by: by } }),
      ingested_at: version,
    });
    for (const row of [
      stored(open as Alert, '2026-12-07 10:00:00.000', 'warning', 'older'),
      stored(open as Alert, '2026-12-07 10:00:05.000', 'critical', 'newer'),
    ])
      await store.client.insert({
        table: 'baseline_alerts',
        values: [row],
        format: 'JSONEachRow',
        clickhouse_settings: { date_time_input_format: 'best_effort' },
      });
    const state = await loadUtilityRestartState(store.client, 14, undefined, { baseline: 'fixed_threshold' });
    const restored = state.householdAlerts.get('HH-twice') ?? [];
    expect(restored.map((a) => [a.status, a.severity, a.evidence.stored_by, a.detected_at])).toEqual([
      ['open', 'critical', 'newer', cst(NEWEST - 47)],
    ]);
  });

  it('restores a baseline alert stored twice, detected apart, as the engine keeps it, merged or not', async () => {
    // Two owners stored each open alert twice, detected at different hours. The engine keeps the
    // newer stored row (ReplacingMergeTree(ingested_at)), and so must the restore, before any
    // merge: merges are stopped and the rows inserted as one block left whole, so nothing but the
    // query can choose. HH-early: the newer row detected earlier (before: the later detection,
    // the older row, was restored). HH-late: the newer row detected later (before: it was
    // restored, but opened at the older row's detection).
    const rowOf = (id: string, detectedHour: number, version: string, by: string) => {
      const [open] = inactivity(id, NEWEST - 50, Number.NaN) as [Alert];
      return {
        detector: 'merge_order',
        ...alertRow({
          ...open,
          detected_at: cst(detectedHour),
          evidence: { model: 'merge_order', stored_by: by },
        }),
        ingested_at: version,
      };
    };
    await store.client.command({ query: 'SYSTEM STOP MERGES baseline_alerts' });
    try {
      await store.client.insert({
        table: 'baseline_alerts',
        values: [
          rowOf('HH-early', NEWEST - 44, '2026-12-07 10:00:00.000', 'older'),
          rowOf('HH-early', NEWEST - 47, '2026-12-07 10:00:05.000', 'newer'),
          rowOf('HH-late', NEWEST - 47, '2026-12-07 10:00:00.000', 'older'),
          rowOf('HH-late', NEWEST - 44, '2026-12-07 10:00:05.000', 'newer'),
        ],
        format: 'JSONEachRow',
        // Not collapsed on insert either (a merge of the block): both rows of each stay stored.
        clickhouse_settings: { date_time_input_format: 'best_effort', optimize_on_insert: 0 },
      });
      const stored = await store.client.query({
        query: `SELECT toUInt8(count()) AS n FROM baseline_alerts WHERE detector = 'merge_order'`,
        format: 'JSONEachRow',
      });
      expect(await stored.json<{ n: number }>()).toEqual([{ n: 4 }]);
      const state = await loadUtilityRestartState(store.client, 14, undefined, { baseline: 'merge_order' });
      const read = (id: string) =>
        (state.householdAlerts.get(id) ?? []).map((a) => [a.status, a.evidence.stored_by, a.detected_at]);
      expect(read('HH-early')).toEqual([['open', 'newer', cst(NEWEST - 47)]]);
      expect(read('HH-late')).toEqual([['open', 'newer', cst(NEWEST - 44)]]);
      // What FINAL reads, the engine's own choice.
      const final = await store.client.query({
        query: `SELECT subject, JSONExtractString(evidence, 'stored_by') AS by FROM baseline_alerts FINAL
                WHERE detector = 'merge_order' ORDER BY subject`,
        format: 'JSONEachRow',
      });
      expect(await final.json()).toEqual([
        { subject: 'HH-early', by: 'newer' },
        { subject: 'HH-late', by: 'newer' },
      ]);
    } finally {
      await store.client.command({ query: 'SYSTEM START MERGES baseline_alerts' });
    }
  });

  it('reads no baseline alert that began over a month before the ring’s span', async () => {
    const state = await loadUtilityRestartState(store.client, 14, undefined, { baseline: 'two_day' });
    const read = (id: string) => (state.householdAlerts.get(id) ?? []).map((a) => `${a.since}|${a.status}`);
    // Before the bound: HH-unreadable's open alert of 60 days and HH-stale's resolved one were read.
    expect(read('HH-unreadable')).toEqual([]);
    expect(read('HH-stale')).toEqual([]);
    expect(read('HH-long')).toEqual([`${cst(NEWEST - 30 * 24)}|open`]);
  });

  it('prunes the alert tables’ monthly partitions by the bound on since, read without FINAL', async () => {
    // A month older than every other alert: its partition is pruned by the restore's bound.
    await alerts(
      inactivity('HH-older', NEWEST - 80 * 24, NEWEST - 79 * 24).map((a) => ({
        ...a,
        evidence: { ...a.evidence, model: 'two_day' },
      })),
      'two_day',
    );
    const plan = async (final: string) => {
      const explained = await store.client.query({
        query: `EXPLAIN indexes = 1
                SELECT alert_id FROM baseline_alerts ${final}
                WHERE detector = 'two_day' AND since >= toDateTime({openFrom:UInt32})`,
        query_params: { openFrom: (NEWEST - 40 * 24) * 3600 },
        format: 'JSONCompactEachRow',
      });
      return (await explained.json<[string]>()).map((r) => r[0]).join('\n');
    };
    // The min-max of since over each part (the partition key's column), as the planner reads it.
    const partition = (text: string) =>
      /Min-Max\s+(?:Keys:\s+since\s+)?Condition: ([^\n]*)\s+Parts: (\d+)\/(\d+)/.exec(text);
    const pruned = partition(await plan(''));
    expect(pruned?.[1]).toContain('since in');
    expect(Number(pruned?.[2])).toBeLessThan(Number(pruned?.[3]));
    // Why newestResolved reads without FINAL: under it the same bound prunes nothing.
    expect(partition(await plan('FINAL'))?.[1]).toBe('true');
  });

  it('reads every household in full without snapshots, as before them', async () => {
    const state = await loadUtilityRestartState(store.client, 14, undefined, { snapshots: false });
    expect(state.snapshots.size).toBe(0);
    for (const id of ['HH-fresh', 'HH-stale', 'HH-none', 'HH-unreadable'])
      expect(state.history.get(id)?.length).toBe(14 * 24);
  });

  it('skips the granules older than the oldest recent snapshot (migration 0049)', async () => {
    const plan = await store.client.query({
      query: `EXPLAIN indexes = 1
              SELECT household_id FROM household_usage_hourly FINAL
              WHERE version >= {bound:UInt64}`,
      query_params: { bound: (NEWEST - 2) * HOUR },
      format: 'JSONCompactEachRow',
      clickhouse_settings: { use_skip_indexes_if_final: 1, use_skip_indexes_if_final_exact_mode: 1 },
    });
    const text = (await plan.json<[string]>()).map((r) => r[0]).join('\n');
    expect(text).toContain('version_minmax');
  });
});
