import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MeterReading } from '@onegrid/contracts';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { clickHouseSink, type SourceRecord } from '@onegrid/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MeterRow, meterRecordsTsv, meterRowAt } from './meter-row.ts';

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
    const records = (household: string, shift: number): SourceRecord<MeterReading>[] =>
      HOSTILE.map((meter, i) => {
        const kind = i % 2 === 0 ? 'water' : 'electricity';
        const eventTime = at + shift + i * 900_000;
        const event: MeterReading = {
          meter_id: meter,
          household_id: household,
          kind,
          ts: new Date(eventTime).toISOString(),
          reading: i === 3 ? 1e21 : i === 4 ? 5e-7 : i === 5 ? 0 : 1234.5678 + i / 7,
          unit: kind === 'water' ? 'm3' : 'kWh',
          ...(i === 2 ? { reset: true } : i === 6 ? { reset: false } : {}),
        };
        return { event, eventTime, partition: 0, offset: i };
      });
    // The archive's sink before: a row object per reading, as JSON.
    const tsv = clickHouseSink<SourceRecord<MeterReading>>(store.client, 'meter_readings', {
      ...options,
      encode: meterRecordsTsv,
    });
    const json = clickHouseSink<MeterRow>(store.client, 'meter_readings', options);
    await tsv.write(records('HH-tsv\t"1"', 0), { topic: 't', partition: 0, fromOffset: 0, toOffset: 11 });
    await tsv.flush();
    const rows = records('HH-json', DAY).map((r) => meterRowAt(r.event, r.eventTime));
    await json.write(rows, { topic: 't', partition: 1, fromOffset: 0, toOffset: 11 });
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
    const event: MeterReading = {
      meter_id: 'a\tb',
      household_id: 'h',
      kind: 'water',
      ts: '1970-01-01T00:00:01.000Z',
      reading: 2,
      unit: 'm3',
    };
    const { format, body } = meterRecordsTsv([
      { event, eventTime: 1_800_000_000_123, partition: 0, offset: 0 },
    ]);
    expect(format).toBe('TabSeparatedWithNames');
    expect(body).toBe(
      'meter_id\thousehold_id\tkind\tts\treading\treset\na\\tb\th\twater\t1800000000.123\t2\tfalse\n',
    );
  });

  it('stores times a bare number cannot carry exactly, a meter clock reset to 1970 among them', async () => {
    // The engine reads a number as Unix seconds only with 9 or 10 integer digits: 1970, 1969 and
    // 2290 were refused as TabSeparated (the block rejected at every replay) and 1970-04-26 read
    // as the year 1000 (review, session 14); such a block goes as JSON.
    const times = [
      0,
      1,
      -86_400_000,
      Date.UTC(1970, 3, 26, 17, 46, 40),
      Date.UTC(1972, 0, 1),
      Date.UTC(2026, 8, 14, 3, 15, 0, 123),
      Date.UTC(2290, 0, 1),
    ];
    const records: SourceRecord<MeterReading>[] = times.map((eventTime, i) => ({
      event: {
        meter_id: `clock-${i}`,
        household_id: 'HH-clock',
        kind: 'water',
        ts: new Date(eventTime).toISOString(),
        reading: i,
        unit: 'm3',
      },
      eventTime,
      partition: 0,
      offset: i,
    }));
    expect(meterRecordsTsv(records).format).not.toBe('TabSeparatedWithNames');
    const sink = clickHouseSink<SourceRecord<MeterReading>>(store.client, 'meter_readings', {
      ...options,
      encode: meterRecordsTsv,
    });
    await sink.write(records, { topic: 't', partition: 2, fromOffset: 0, toOffset: times.length - 1 });
    await sink.flush();
    const rows = await stored('HH-clock');
    expect(rows.map((r) => Number(r.ts))).toEqual(times);
  });
});
