import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { MessageChannel } from 'node:worker_threads';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { clickHouseSink, StreamError } from '@onegrid/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bridgedStore, serveStore } from './store-bridge.ts';

// Real embedded ClickHouse (chDB), migrated; the two ends of the bridge on one channel (the
// worker thread's end works the same from this thread: a MessagePort is a MessagePort).
let store: Store;
const SINK = {
  maxRows: 10,
  maxDelayMs: 10,
  retry: { baseMs: 10, capMs: 20 },
  logger: createLogger('test', 'silent'),
};
const channel = new MessageChannel();

beforeAll(async () => {
  store = await openStore(
    loadStoreConfig({ ONEGRID_CHDB_PATH: await mkdtemp(path.join(tmpdir(), 'store-bridge-')) }),
  );
  await migrate(store.client);
  serveStore(channel.port1, store.client);
});

afterAll(async () => {
  channel.port1.close();
  await store.close();
});

describe('processors > worker > store bridge', () => {
  it("inserts a sink's block and answers a query, through the owner's client", async () => {
    const bridged = bridgedStore(channel.port2);
    const sink = clickHouseSink<object>(bridged, 'meter_readings', SINK);
    const ts = Date.parse('2026-09-14T08:15:00+08:00');
    await sink.write(
      [
        { meter_id: 'EM-b1', household_id: 'HH-b1', kind: 'electricity', ts, reading: 1.5, reset: false },
        { meter_id: 'EM-b2', household_id: 'HH-b1', kind: 'electricity', ts, reading: 2.5, reset: false },
      ],
      { topic: 't', partition: 0, fromOffset: 0, toOffset: 1 },
    );
    await sink.flush();
    const result = await bridged.query({
      query: `SELECT meter_id, toUnixTimestamp64Milli(ts) AS ms FROM meter_readings
              WHERE household_id = {h:String} ORDER BY meter_id`,
      query_params: { h: 'HH-b1' },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { meter_id: 'EM-b1', ms: ts },
      { meter_id: 'EM-b2', ms: ts },
    ]);
    await sink.close();
  });

  it('brings an engine refusal back by name, so the sink stops instead of retrying', async () => {
    const bridged = bridgedStore(channel.port2);
    const sink = clickHouseSink<object>(bridged, 'meter_readings', SINK);
    await sink.write([{ meter_id: 'EM-b3', household_id: 'HH-b3', kind: 'gas', ts: 0, reading: 1 }], {
      topic: 't',
      partition: 0,
      fromOffset: 2,
      toOffset: 2,
    });
    const failure = await sink.flush().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StreamError);
    expect((failure as StreamError).code).toBe('SINK_REJECTED');
    expect((failure as StreamError).message).toContain('UNKNOWN_ELEMENT_OF_ENUM');
  });

  it("answers an exec's statement with its query parameters and its result bytes, as the client does", async () => {
    // The snapshots' restore reads RowBinary through `exec` with a parameter (snapshot-state.ts):
    // the bridge once dropped both, so a worker restored no snapshot on chDB and, over HTTP,
    // retried an unbound parameter for ever.
    const query = `SELECT toUInt8({n:UInt8}) + 1 AS a, concat('HH-', {h:String}) AS b FORMAT RowBinary`;
    const params = { n: 41, h: '张三' };
    const read = async (client: typeof store.client) => {
      const result = await client.exec({ query, query_params: params });
      const chunks: Buffer[] = [];
      for await (const chunk of result.stream) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks);
    };
    const direct = await read(store.client);
    const bridged = await read(bridgedStore(channel.port2));
    expect(direct.length).toBeGreaterThan(2);
    expect(direct[0]).toBe(42);
    expect(bridged).toEqual(direct);
  });

  it('refuses what it does not carry, by name', async () => {
    const bridged = bridgedStore(channel.port2);
    expect(() => bridged.command).toThrow(/exec and query only, not command/);
    // exec of a statement without rows works as any INSERT body (here, none).
    const result = await bridged.exec({ query: 'SELECT 1', values: Readable.from(['']) });
    result.stream.resume();
    await finished(result.stream);
  });
});
