// The utility detector's state per household and what a partition assignment costs to restore
// it, from snapshots and, as the baseline in the same run, from 14 days of hourly rows (issue 17).
//   node --expose-gc packages/processors/bench/detector-state.ts [households=100000] [partitions=6] [restored=partitions] [methods=rows,snapshots]
// ONEGRID_BENCH_WHOLE_UNITS=1 fills hours of whole meter units (1 L, 0.01 kWh), as quarter-hour
// readings give; without it every value is one the rings keep aside (the worst case).
// ONEGRID_BENCH_KEEP=1 keeps the filled store and prints its directory; a later run of
//   node --expose-gc packages/processors/bench/detector-state.ts --measure DIR snapshots 6 1
// measures it again (e.g. after a change to the detector's state) without filling it anew, and
//   node packages/processors/bench/detector-state.ts --compare-read DIR 24 0
// times the read of partition 0 of 24's snapshots alone, by the bucket of migration 0073 and,
// as the baseline in the same run, by the hash over the table of before it (copy-snapshots.ts
// with ONEGRID_BENCH_BASELINE=1 fills both).
// Fills a scratch embedded store with `households` × 337 hourly rows (synthetic, the shape the
// detector writes) and each household's snapshot, then restores every partition in a fresh child
// process per method (so that neither inherits the other's heap): assignment → detector state
// ready for every household (the first output can follow at once), its CPU time (the process's,
// embedded chDB's threads included), RSS and heap.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HourlyDetector, parseUtilityConfig, UtilityDetector } from '@onegrid/analytics/utility';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { loadUtilityRestartState } from '../src/utility/restart-state.ts';
import { loadSnapshots, partitionBuckets, SNAPSHOT_TABLE } from '../src/utility/snapshot-state.ts';
import { UtilityModel } from '../src/utility/utility-model.ts';

const HOUR = 3_600_000;
const DAYS = parseUtilityConfig({}).historyDays;
/** 2026-09-15T00:00+08:00: the newest stored hour is 14 days later. */
const FIRST_HOUR = Date.UTC(2026, 8, 14, 16) / HOUR;
const HOURS = DAYS * 24 + 1;
const WHOLE_UNITS = process.env.ONEGRID_BENCH_WHOLE_UNITS === '1';
const info = (id: string) => ({
  household_id: id,
  district: '310101',
  street: '310101002',
  community: '310101002001',
  grid: 'G-310101-0001',
  lives_alone: true,
  vulnerable: ['elderly' as const],
});
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

const open = async (dir: string): Promise<Store> =>
  openStore(loadStoreConfig({ ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }));

/** One child: restores every partition by `method`, holds the seeded state, reports. */
async function measure(
  dir: string,
  method: 'rows' | 'snapshots',
  partitions: number,
  measured: number,
): Promise<void> {
  const store = await open(dir);
  // A store filled before a migration (e.g. 0049's index) is brought up to date, not timed:
  // its index built on every part (the mutation runs in the background) before the clock starts.
  await migrate(store.client);
  for (;;) {
    const pending = await store.client.query({
      query: 'SELECT count() FROM system.mutations WHERE is_done = 0',
      format: 'JSONCompactEachRow',
    });
    if (Number((await pending.json<[string]>())[0]?.[0] ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const models: UtilityModel[] = [];
  let households = 0;
  let peakRss = 0;
  // Where the time goes: reading the store (query, transfer, parse, check) and seeding the detectors.
  let readMs = 0;
  let readCpu = 0;
  for (let partition = 0; partition < measured; partition++) {
    const readStarted = performance.now();
    const readCpuStarted = process.cpuUsage();
    const restart = await loadUtilityRestartState(
      store.client,
      DAYS,
      { partition, partitions },
      {
        snapshots: method === 'snapshots',
      },
    );
    readMs += performance.now() - readStarted;
    const readUsed = process.cpuUsage(readCpuStarted);
    readCpu += readUsed.user + readUsed.system;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const ids = new Set([...restart.history.keys(), ...restart.snapshots.keys()]);
    const model = new UtilityModel({
      config: {},
      household: info,
      restart,
      sources: ['meter/0'],
      sourceIdleMs: 60_000,
      now: () => 0,
    });
    // Every household first seen: seeded from what was read (a reading each, as the stream would).
    for (const id of ids)
      model.onEvent(
        {
          source_partition: 0,
          reading: {
            meter_id: `EM-${id.slice(3)}`,
            household_id: id,
            kind: 'electricity',
            ts: new Date((FIRST_HOUR + HOURS) * HOUR).toISOString(),
            reading: 1,
            unit: 'kWh',
          },
        },
        (FIRST_HOUR + HOURS) * HOUR,
      );
    households += ids.size;
    models.push(model);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  gc();
  const after = process.memoryUsage();
  console.log(
    JSON.stringify({
      method,
      households,
      partitions: `${measured} of ${partitions}`,
      restoreMs: Math.round(ms),
      // Load-independent: the machine is shared, wall time varies with the others' work.
      restoreCpuS: Math.round((used.user + used.system) / 1e5) / 10,
      readMs: Math.round(readMs),
      readCpuS: Math.round(readCpu / 1e5) / 10,
      peakRssMB: mb(peakRss),
      rssHeldMB: mb(after.rss),
      heapPerHouseholdB: Math.round(
        (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / households,
      ),
      models: models.length,
    }),
  );
  if (method === 'snapshots') {
    await explainBound(store);
    await explainSnapshots(store, partitions);
  }
  await store.close();
}

/** Granules of the snapshot table partition 0 of `partitions` reads by its buckets (migration 0073). */
async function explainSnapshots(store: Store, partitions: number): Promise<void> {
  const buckets = partitionBuckets(0, partitions);
  if (buckets === undefined) return;
  const plan = await store.client.query({
    query: `EXPLAIN indexes = 1 SELECT household_id FROM ${SNAPSHOT_TABLE} FINAL WHERE bucket IN {buckets:Array(UInt16)}`,
    query_params: { buckets },
    format: 'JSONCompactEachRow',
  });
  const lines = (await plan.json<[string]>()).map((r) => r[0].trim());
  console.log(JSON.stringify({ snapshots: lines.filter((l) => /Type|Keys|Parts|Granules/.test(l)) }));
}

/**
 * The read of one partition's snapshots alone, both ways, alternated, in one process: by the
 * buckets of migration 0073 and by the hash over every snapshot of the table of before it.
 */
async function compareRead(dir: string, partitions: number, partition: number): Promise<void> {
  const store = await open(dir);
  await migrate(store.client);
  const params = { format: 1, partition, partitions, buckets: partitionBuckets(partition, partitions) };
  const ways = {
    hash: () =>
      loadSnapshots(
        store.client,
        'kafkaMurmurHash(household_id) % {partitions:UInt32} = {partition:UInt32}',
        params,
        'utility_state_snapshots',
      ),
    bucket: () => loadSnapshots(store.client, 'bucket IN {buckets:Array(UInt16)}', params),
  };
  for (let round = 0; round < 2; round++)
    for (const [way, read] of Object.entries(ways)) {
      gc();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const { snapshots } = await read();
      const used = process.cpuUsage(cpu);
      console.log(
        JSON.stringify({
          way,
          round,
          partitions: `${partition} of ${partitions}`,
          snapshots: snapshots.size,
          wallMs: Math.round(performance.now() - started),
          cpuS: Math.round((used.user + used.system) / 1e5) / 10,
        }),
      );
    }
  await store.close();
}

/** What the restore's bounded read of newer rows selects (migration 0049's index), granules of all. */
async function explainBound(store: Store): Promise<void> {
  const oldest = await store.client.query({
    query: `SELECT toString(min(version)) FROM ${SNAPSHOT_TABLE}`,
    format: 'JSONCompactEachRow',
  });
  const bound = Number((await oldest.json<[string]>())[0]?.[0] ?? 0);
  const plan = await store.client.query({
    query: `EXPLAIN indexes = 1
            SELECT household_id FROM household_usage_hourly FINAL
            WHERE hour >= toDateTime({from:UInt32}) AND version >= {bound:UInt64}`,
    query_params: { from: FIRST_HOUR * 3600, bound },
    format: 'JSONCompactEachRow',
    clickhouse_settings: { use_skip_indexes_if_final: 1, use_skip_indexes_if_final_exact_mode: 1 },
  });
  const lines = (await plan.json<[string]>()).map((r) => r[0].trim());
  console.log(JSON.stringify({ bound, indexes: lines.filter((l) => /Name|Parts|Granules|Type/.test(l)) }));
}

/** Fills the store: the hourly rows, then the snapshots a detector seeded from them writes. */
async function fill(dir: string, households: number, partitions: number, measured: number): Promise<void> {
  const store = await open(dir);
  await migrate(store.client);
  const started = performance.now();
  await store.client.command({
    query: `INSERT INTO household_usage_hourly
              (household_id, hour, water_m3, electricity_kwh, water_readings, electricity_readings, version,
               water_reading_through, electricity_reading_through, model, in_alert)
            SELECT concat('HH-', leftPad(toString(intDiv(number, {hours:UInt32})), 8, '0')) AS household_id,
                   toDateTime(({first:UInt32} + number % {hours:UInt32}) * 3600) AS hour,
                   if(toHour(hour) BETWEEN 7 AND 21 AND number % 2 = 0, round(0.01 + (cityHash64(number) % 1000) / 50000, {waterDigits:UInt8}), 0),
                   round(0.08 + (cityHash64(number, 1) % 1000) / 4000, {elecDigits:UInt8}),
                   4, 4, ({first:UInt32} + {hours:UInt32}) * 3600000,
                   toDateTime64(({first:UInt32} + {hours:UInt32}) * 3600, 3), toDateTime64(({first:UInt32} + {hours:UInt32}) * 3600, 3),
                   'learnt', 0
            FROM numbers({rows:UInt64})`,
    // Whole meter units (1 L, 0.01 kWh), as hours of quarter-hour readings are, with
    // ONEGRID_BENCH_WHOLE_UNITS=1; else 6 digits, which the rings keep aside: the worst case.
    query_params: {
      hours: HOURS,
      first: FIRST_HOUR,
      rows: households * HOURS,
      waterDigits: WHOLE_UNITS ? 3 : 6,
      elecDigits: WHOLE_UNITS ? 2 : 6,
    },
  });
  const rowsMs = performance.now() - started;
  // The snapshots: per partition (all at once does not fit a 4 GB heap at 100k households), a
  // detector seeded from the rows, its hours closed, each household encoded.
  let bytes = 0;
  let count = 0;
  let approx = 0;
  // Built in slices of a finer split (partition p of P is slices p, p + P, … of P × SLICES:
  // murmur2 modulo P·k modulo P is modulo P), so that one slice's rows fit the heap at 1M.
  const slices = Math.max(1, Math.ceil(households / partitions / 20_000));
  for (let slice = 0; slice < measured * slices; slice++) {
    const partition = (slice % measured) + partitions * Math.floor(slice / measured);
    const restart = await loadUtilityRestartState(
      store.client,
      DAYS,
      { partition, partitions: partitions * slices },
      { snapshots: false },
    );
    const detector = new UtilityDetector({}, { household: info }) as HourlyDetector<unknown>;
    const ids = [...restart.history.keys()];
    for (const id of ids) detector.seedHistory(id, restart.history.get(id) ?? [], restart.taken.get(id));
    restart.history.clear();
    detector.advance((FIRST_HOUR + HOURS) * HOUR + parseUtilityConfig({}).settleMs);
    approx += detector.stats().approxBytes;
    for (let i = 0; i < ids.length; i += 10_000) {
      const values = ids.slice(i, i + 10_000).map((id) => {
        const s = detector.snapshot(id);
        bytes += s?.bytes.length ?? 0;
        return {
          household_id: id,
          format: 1,
          version: s?.version ?? 0,
          snapshot: Buffer.from(s?.bytes ?? []).toString('base64'),
        };
      });
      await store.client.insert({ table: SNAPSHOT_TABLE, values, format: 'JSONEachRow' });
    }
    count += ids.length;
  }
  console.log(
    JSON.stringify({
      households: count,
      hourlyRows: households * HOURS,
      fillRowsS: Math.round(rowsMs / 1000),
      snapshotBytesPerHousehold: Math.round(bytes / count),
      detectorApproxBytes: Math.round(approx / count),
    }),
  );
  await store.close();
}

const [, , first, second, third] = process.argv;
if (first === '--compare-read') {
  await compareRead(second as string, Number(third ?? 24), Number(process.argv[5] ?? 0));
} else if (first === '--measure') {
  await measure(
    second as string,
    third === 'rows' ? 'rows' : 'snapshots',
    Number(process.argv[5] ?? 6),
    Number(process.argv[6] ?? 6),
  );
} else {
  const households = Number(first ?? 100_000);
  const partitions = Number(second ?? 6);
  // Partitions restored (from 0): all by default; fewer measures one assignment of a larger city.
  const measured = Number(third ?? partitions);
  // Rows alone does not fit this machine at 1M households (≈ 20 KB a household): skip it there.
  const methods = (process.argv[5] ?? 'rows,snapshots').split(',');
  const keep = process.env.ONEGRID_BENCH_KEEP === '1';
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-detector-state-'));
  if (keep) console.log(JSON.stringify({ dir }));
  try {
    await fill(dir, households, partitions, measured);
    const self = fileURLToPath(import.meta.url);
    for (const method of methods)
      process.stdout.write(
        execFileSync(
          process.execPath,
          ['--expose-gc', self, '--measure', dir, method, String(partitions), String(measured)],
          {
            encoding: 'utf8',
            maxBuffer: 2 ** 24,
          },
        ),
      );
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
