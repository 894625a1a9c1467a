import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SNAPSHOT_VERSION } from '@onegrid/analytics/utility';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';
import { clickHouseSink } from '@onegrid/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSnapshotBlocks, type SnapshotBlock, SnapshotBlocks } from './snapshot-blocks.ts';
import { loadSnapshots, SNAPSHOT_TABLE } from './snapshot-state.ts';

// Real embedded ClickHouse (chDB), migrated: the blocks' TabSeparated body must store the rows the
// JSON rows did (the snapshot base64, as the column has always held it), whatever the id holds.
let store: Store;
const logger = createLogger('snapshot-blocks-e2e', 'error');

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-chdb-snapshot-blocks-'));
  store = await openStore(
    loadStoreConfig({
      ...process.env,
      ONEGRID_CHDB_PATH: dir,
      CLICKHOUSE_DATABASE: 'onegrid_snapshot_blocks',
    }),
  );
  await migrate(store.client);
});

afterAll(async () => {
  await store?.close();
});

describe('snapshot blocks in the store', () => {
  it('stores each snapshot as the JSON rows did: id, format, version and base64, in blocks', async () => {
    const ids = [
      'HH-00000001',
      'HH-tab\there',
      'HH-back\\slash',
      'HH-new\nline',
      'HH-cr\rreturn',
      'HH-nul\0byte',
      'HH-户号-测试',
      'HH-quote\'"',
    ];
    const snapshots = ids.map((id, i) => {
      // Lengths around base64's groups of three, bytes over the whole range.
      const bytes = new Uint8Array(300 + i).map((_, j) => (j * 37 + i * 11) % 256);
      return { id, bytes, version: 1_790_000_000_000 + i };
    });
    const blocks = new SnapshotBlocks(SNAPSHOT_VERSION, 700);
    for (const s of snapshots) blocks.add(s.id, { bytes: s.bytes, version: s.version });
    const taken = blocks.done();
    expect(taken.length).toBeGreaterThan(2);
    const sink = clickHouseSink<SnapshotBlock>(store.client, SNAPSHOT_TABLE, {
      maxRows: 1_000,
      maxDelayMs: 60_000,
      retry: { baseMs: 10, capMs: 100 },
      logger,
      encode: encodeSnapshotBlocks,
    });
    const from = { topic: 't', partition: 0, fromOffset: 0, toOffset: 1 };
    for (const block of taken) {
      await sink.write([block], from);
      await sink.flush();
    }

    const result = await store.client.query({
      query: `SELECT household_id, format, version, snapshot FROM ${SNAPSHOT_TABLE} FINAL ORDER BY version`,
      format: 'JSONEachRow',
    });
    const stored = await result.json<{ household_id: string; format: number; version: string | number }>();
    // UInt64 comes back as a number or a string, by the client's settings.
    expect(stored.map((r) => ({ ...r, version: Number(r.version) }))).toEqual(
      snapshots.map((s) => ({
        household_id: s.id,
        format: SNAPSHOT_VERSION,
        version: s.version,
        snapshot: Buffer.from(s.bytes).toString('base64'),
      })),
    );
    // And read back as a restore reads them: the same bytes.
    const read = await loadSnapshots(store.client, '1', { format: SNAPSHOT_VERSION });
    // Not valid snapshots (bytes of no layout): listed as unreadable, each by its id.
    expect([...read.invalid].sort()).toEqual([...ids].sort());
  });
});
