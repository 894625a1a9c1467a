// Loads N simulated days for H households into embedded chDB and times five cookbook questions.
//   node packages/store/bench/load-30-days.ts [--days 30] [--households 100000] [--dir PATH] [--runs 3]
//   … --queries-only   (time the questions again on a store a previous run loaded)
// Meter readings and hourly usage are generated inside ClickHouse (bench/meter-sql.ts); the
// other streams come from the simulator (meter stream off) through the decoders and row
// mappers, and the processors' tables from the test stand-ins. See README "Benchmark".
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCookbook } from '../src/cookbook/files.ts';
import { fillDerivedStandIns } from '../src/fixtures/derived-from-truth.ts';
import { loadScenario } from '../src/fixtures/simulated-day.ts';
import { loadStoreConfig, migrate, openStore } from '../src/index.ts';
import { runReadOnlyQuery } from '../src/readonly/index.ts';
import { shanghaiTime } from '../src/time.ts';
import { KINDS, readingsForDay, usageForDay } from './meter-sql.ts';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '30' },
    households: { type: 'string', default: '100000' },
    dir: { type: 'string', default: path.resolve(import.meta.dirname, '../../../.onegrid/bench/chdb') },
    runs: { type: 'string', default: '3' },
    'queries-only': { type: 'boolean', default: false },
  },
});
const days = Number(values.days);
const households = Number(values.households);
const runs = Number(values.runs);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const streamStart = Date.parse('2026-08-16T00:00:00+08:00');
const end = streamStart + days * DAY;
const mainDays = Math.min(14, days);

const reuse = values['queries-only'];
if (!reuse) await rm(values.dir, { recursive: true, force: true });
const store = await openStore(loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: values.dir }));
const { client } = store;
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Loads the data set; returns the landfall time and how long the meter data took. */
async function load(): Promise<{ landfall: number; readingSeconds: number; usageSeconds: number }> {
  // The city and its slower streams from the simulator: registries, weather, levels, tickets,
  // evacuations, resources. The storm lands on the last day but one.
  let t = performance.now();
  const loaded = await loadScenario(client, {
    seed: 42,
    households,
    start: new Date(end - mainDays * DAY).toISOString(),
    hours: mainDays * 24,
    warmupDays: days - mainDays,
    landfallHour: mainDays * 24 - 10,
    streams: { meters: false },
  });
  const simulatorRows = Object.values(loaded.rows).reduce((a, b) => a + b, 0);
  console.log(`simulator streams: ${fmt(simulatorRows)} rows in ${seconds(t)} s`, loaded.rows);
  t = performance.now();
  const derived = await fillDerivedStandIns(
    client,
    { ...loaded, start: streamStart },
    { usageFromReadings: false },
  );
  console.log(`processor stand-ins: ${JSON.stringify(derived)} in ${seconds(t)} s`);

  // Meter readings: households × 2 meters × 96 readings a day, generated in the engine.
  t = performance.now();
  for (let d = 0; d < days; d++) {
    for (const kind of KINDS)
      await client.command({ query: readingsForDay(kind, d, days, households, streamStart + d * DAY) });
  }
  const readingSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  for (let d = 0; d < days; d++)
    await client.command({ query: usageForDay(d, days, households, streamStart + d * DAY) });
  const usageSeconds = (performance.now() - t) / 1000;
  return { landfall: loaded.landfall, readingSeconds, usageSeconds };
}

try {
  await migrate(client);
  console.log(`bench: ${days} days, ${fmt(households)} households, chDB in ${values.dir}`);
  const loaded = reuse ? undefined : await load();
  const landfall = loaded?.landfall ?? end - 10 * HOUR;
  const sizes = await (
    await client.query({
      query: `SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS uncompressed, count() AS parts
              FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY rows DESC`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; rows: string; compressed: string; uncompressed: string; parts: string }>();
  const rowsOf = (table: string) => Number(sizes.find((s) => s.table === table)?.rows ?? 0);
  if (loaded !== undefined) {
    const rate = (table: string, s: number) =>
      `${fmt(rowsOf(table))} rows in ${s.toFixed(1)} s = ${fmt(rowsOf(table) / s)} rows/s`;
    console.log(`meter_readings: ${rate('meter_readings', loaded.readingSeconds)}`);
    console.log(`household_usage_hourly: ${rate('household_usage_hourly', loaded.usageSeconds)}`);
  }
  console.log(
    '\n| table | rows | on disk (MB) | bytes/row | compression | parts |\n| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of sizes.filter((x) => Number(x.rows) > 100_000)) {
    const c = Number(s.compressed);
    console.log(
      `| ${s.table} | ${fmt(Number(s.rows))} | ${fmt(c / 1e6)} | ${(c / Number(s.rows)).toFixed(2)} | ×${(Number(s.uncompressed) / c).toFixed(1)} | ${s.parts} |`,
    );
  }

  // Five cookbook questions, as an analyst runs them (read-only path), median of `runs`.
  const cookbook = await readCookbook();
  const asOf = shanghaiTime(end);
  const questions: [string, Record<string, string | number>][] = [
    ['01_households_no_water_by_grid', { as_of: asOf }],
    ['16_silent_meters_by_district', { as_of: asOf, silent_hours: 3 }],
    ['18_district_water_use_hourly', { from: shanghaiTime(end - 7 * DAY), to: asOf }],
    ['06_rain_totals_by_district', { as_of: shanghaiTime(landfall + 3 * HOUR) }],
    ['07_ticket_response_by_department', { from: shanghaiTime(end - 7 * DAY), to: asOf }],
  ];
  const limits = { maxRowsToRead: 0, maxExecutionTimeS: 600, maxResultRows: 1_000_000 };
  const time = async (sql: string, params: Record<string, string | number>) => {
    const samples: { ms: number; rowsRead: number; rows: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const outcome = await runReadOnlyQuery(client, sql, { user: 'bench', params, limits });
      if (!outcome.ok) throw new Error(outcome.error.message);
      samples.push({
        ms: performance.now() - started,
        rowsRead: outcome.result.statistics.rowsRead,
        rows: outcome.result.rows.length,
      });
    }
    samples.sort((a, b) => a.ms - b.ms);
    return samples[Math.floor(samples.length / 2)] ?? { ms: 0, rowsRead: 0, rows: 0 };
  };
  // Baseline in the same run: a full scan of the biggest table.
  const scan = await time('SELECT sum(reading) FROM meter_readings', {});
  console.log(
    `\nbaseline full scan of meter_readings: ${scan.ms.toFixed(0)} ms, ${fmt(scan.rowsRead)} rows read\n`,
  );
  console.log(
    '| question | time (ms) | rows read | result rows | time vs full scan |\n| --- | ---: | ---: | ---: | ---: |',
  );
  for (const [name, params] of questions) {
    const entry = cookbook.find((e) => e.name === name);
    if (entry === undefined) throw new Error(`no cookbook entry ${name}`);
    const m = await time(entry.sql, params);
    console.log(
      `| ${name} | ${m.ms.toFixed(0)} | ${fmt(m.rowsRead)} | ${fmt(m.rows)} | ${(m.ms / scan.ms).toFixed(2)} |`,
    );
  }
} finally {
  await store.close();
}
