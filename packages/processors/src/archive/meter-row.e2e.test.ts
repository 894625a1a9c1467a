import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { clickHouseSink } from '@onegrid/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MeterRow, meterRowsTsv } from './meter-row.ts';

// Real embedded ClickHouse (chDB), migrated: the raw meter rows go in as TabSeparatedWithNames
// (issue 17). Whatever an id holds (the contract allows any 1–128 characters), the table must
// hold exactly what the JSON body stored before.
let store: Store;
const logger = createLogger('meter-row-e2e', 'error');
const options = { maxRows: 10_000, maxDelayMs: 60_000, retry: { baseMs: 10, capMs: 50 }, logger };

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-meter-row-'));
  store = await openStore(loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir }));
  await migrate(store.client);
});
afterAll(async () => {
  await store?.close();
});

const stored = async (household: string) =>
  (
    await store.client.query({
      query: `SELECT meter_id, household_id, kind, toUnixTimestamp64Milli(ts) AS ts, reading, reset
              FROM meter_readings FINAL WHERE household_id = {h:String} ORDER BY meter_id, ts`,
      query_params: { h: household },
      format: 'JSONEachRow',
    })
  ).json<{ ts: number }>();

const HOSTILE = [
  'plain-1',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\',
  'trailing\\',
  '"quoted" \'single\'',
  '中文表计 ✓ 🚰',
  '\t\n\r\\\\t',
  'x'.repeat(128),
];

describe('archive > raw meter rows as TabSeparated', () => {
  it('stores the same rows, hostile ids and all, as the JSON body does', async () => {
    const at = Date.UTC(2026, 8, 14, 3, 15, 0, 123);
    // A day apart: the table's key is (kind, meter_id, ts), and FINAL would fold equal keys.
    const DAY = 86_400_000;
    const rows = (household: string, shift: number): MeterRow[] =>
      HOSTILE.map((meter, i) => ({
        meter_id: meter,
        household_id: household,
        kind: i % 2 === 0 ? 'water' : 'electricity',
        ts: at + shift + i * 900_000,
        reading: i === 3 ? 1e21 : i === 4 ? 5e-7 : i === 5 ? 0 : 1234.5678 + i / 7,
        reset: i === 2,
      }));
    const tsv = clickHouseSink<MeterRow>(store.client, 'meter_readings', {
      ...options,
      encode: meterRowsTsv,
    });
    const json = clickHouseSink<MeterRow>(store.client, 'meter_readings', options);
    await tsv.write(rows('HH-tsv\t"1"', 0), { topic: 't', partition: 0, fromOffset: 0, toOffset: 11 });
    await tsv.flush();
    await json.write(rows('HH-json', DAY), { topic: 't', partition: 1, fromOffset: 0, toOffset: 11 });
    await json.flush();
    const viaTsv = await stored('HH-tsv\t"1"');
    const viaJson = await stored('HH-json');
    expect(viaTsv).toHaveLength(HOSTILE.length);
    expect(viaTsv.map((r) => ({ ...r, household_id: 'HH-json', ts: Number(r.ts) + DAY }))).toEqual(viaJson);
    // And what was sent, not merely what both paths agree on.
    expect(new Set(viaTsv.map((r) => (r as unknown as MeterRow).meter_id))).toEqual(new Set(HOSTILE));
    expect(viaTsv.map((r) => Number(r.ts)).sort()).toEqual(HOSTILE.map((_, i) => at + i * 900_000));
  });

  it('names its columns, so a block lands by name whatever the table order', () => {
    const { format, body } = meterRowsTsv([
      { meter_id: 'a\tb', household_id: 'h', kind: 'water', ts: 1_000, reading: 2, reset: false },
    ]);
    expect(format).toBe('TabSeparatedWithNames');
    expect(body).toBe('meter_id\thousehold_id\tkind\tts\treading\treset\na\\tb\th\twater\t1\t2\tfalse\n');
  });
});
