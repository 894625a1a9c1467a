import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, openStore, type Store } from '@onegrid/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickHouseSink } from './clickhouse-sink.ts';

// Real embedded ClickHouse (chDB): a block of one shape goes in compact form, a block of mixed
// shapes as a JSON object per row; both must store exactly what the rows say (issue 17).
let store: Store;
const logger = createLogger('clickhouse-sink-e2e', 'error');

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-chdb-sink-'));
  store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid_sink_format' }),
  );
  await store.client.command({ query: 'CREATE DATABASE IF NOT EXISTS onegrid_sink_format' });
  for (const table of ['compact', 'each_row'])
    await store.client.command({
      query: `CREATE TABLE ${table} (meter_id String, ts DateTime64(3, 'Asia/Shanghai'), reading Float64,
              reset Bool DEFAULT false, note Nullable(String), tags Array(String)) ENGINE = MergeTree ORDER BY (meter_id, ts)`,
    });
});
afterAll(async () => {
  await store?.close();
});

const stored = async (table: string) =>
  (
    await store.client.query({
      query: `SELECT meter_id, toUnixTimestamp64Milli(ts) AS ms, reading, reset, note, tags FROM ${table} ORDER BY meter_id`,
      format: 'JSONEachRow',
    })
  ).json();

describe('sinks > ClickHouse block formats on chDB', () => {
  it('stores the same rows whether a block goes compact or as an object per row', async () => {
    const rows = [
      {
        meter_id: 'EM-1',
        ts: '2026-09-14T08:15:00+08:00',
        reading: 1.25,
        reset: true,
        note: 'a',
        tags: ['x'],
      },
      { meter_id: 'EM-2', ts: '2026-09-14T00:30:00.250Z', reading: 0, reset: false, note: null, tags: [] },
      {
        meter_id: 'EM-"3"',
        ts: '2026-09-13T20:45:00-03:30',
        reading: 7,
        reset: false,
        note: '水',
        tags: ['y', 'z'],
      },
    ];
    const options = { maxRows: 1_000, maxDelayMs: 60_000, retry: { baseMs: 10, capMs: 100 }, logger };
    const compact = clickHouseSink(store.client, 'compact', options);
    await compact.write(rows, { topic: 't', partition: 0, fromOffset: 0, toOffset: 2 });
    await compact.flush();
    // A row without `reset` makes the block mixed: a JSON object per row, the column's default.
    const eachRow = clickHouseSink<object>(store.client, 'each_row', options);
    const [first, second, third] = rows;
    const { reset: _dropped, ...withoutReset } = second as (typeof rows)[number];
    await eachRow.write([first, withoutReset, third] as object[], {
      topic: 't',
      partition: 0,
      fromOffset: 0,
      toOffset: 2,
    });
    await eachRow.flush();
    const expected = [
      { meter_id: 'EM-"3"', ms: 1789344900000, reading: 7, reset: false, note: '水', tags: ['y', 'z'] },
      { meter_id: 'EM-1', ms: 1789344900000, reading: 1.25, reset: true, note: 'a', tags: ['x'] },
      { meter_id: 'EM-2', ms: 1789345800250, reading: 0, reset: false, note: null, tags: [] },
    ];
    expect(await stored('compact')).toEqual(expected);
    expect(await stored('each_row')).toEqual(expected);
  });
});
