import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../../test/support/wait-until.ts';
import { loadStoreConfig, openStore, type Store } from '../index.ts';
import { canLowerQueryPriority, runReadOnlyQuery } from './index.ts';

// An analyst's query yields the cores on embedded chDB: while it runs, its engine threads in this
// process are niced to 19 (os_thread_priority), and they are back at 0 when it ends, so the
// processors' inserts on the same threads later run at full priority. The engine renices only
// with CAP_SYS_NICE; without it this test cannot observe anything and says so.
let store: Store;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'onegrid-nice-'));
  store = await openStore(loadStoreConfig({ ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: 'onegrid' }));
});
afterAll(async () => {
  await store?.close();
});

/** Threads of this process by nice value (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadsAtNice(nice: number): string[] {
  return readdirSync('/proc/self/task').filter((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === nice;
    } catch {
      return false; // the thread ended between the listing and the read
    }
  });
}

// Seconds of one engine thread: a 9·10⁸-pair join, counted (no table function: the allow-list's).
const HEAVY =
  'SELECT count() AS n FROM (SELECT arrayJoin(range(30000)) AS a) AS x CROSS JOIN (SELECT arrayJoin(range(30000)) AS b) AS y WHERE (a * 7 + b) % 11 = 3';

describe.skipIf(!canLowerQueryPriority())('readonly > analyst query priority (embedded)', () => {
  it('runs the analyst query on threads niced to 19, and gives them back at 0', async () => {
    expect(threadsAtNice(19)).toEqual([]);
    const running = runReadOnlyQuery(store.client, HEAVY, { user: 'ana' });
    const niced = await waitUntil(() => (threadsAtNice(19).length > 0 ? threadsAtNice(19) : undefined), {
      deadlineMs: 60_000,
      intervalMs: 20,
      describe: () => 'no thread of this process at nice 19 while the analyst query runs',
    });
    expect(niced.length).toBeGreaterThan(0);
    const outcome = await running;
    expect(outcome.ok && Number(outcome.result.rows[0]?.n)).toBe(81_818_182);
    await waitUntil(() => (threadsAtNice(19).length === 0 ? true : undefined), {
      deadlineMs: 10_000,
      describe: () => `threads still at nice 19: ${threadsAtNice(19).join(', ')}`,
    });
  }, 120_000);

  it("leaves the store's own queries (the processors') at normal priority", async () => {
    let done = false;
    const query = store.client
      .query({ query: HEAVY, format: 'JSONEachRow' })
      .then((result) => result.json())
      .finally(() => {
        done = true;
      });
    // Sampled for as long as the query runs: not one thread of it may be reniced.
    const seen = new Set<string>();
    while (!done) {
      for (const tid of threadsAtNice(19)) seen.add(tid);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await query;
    expect([...seen]).toEqual([]);
  }, 120_000);
});
