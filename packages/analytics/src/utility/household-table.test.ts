import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { feedQuarter, id, info, registers } from '../../bench/synthetic-city.ts';
import { rng } from '../typhoon/test-fixtures.ts';
import { parseUtilityConfig } from './config.ts';
import { HouseholdTable } from './household-table.ts';
import { UtilityDetector } from './index.ts';
import { OfflineWatcher } from './offline.ts';
import { householdInfo } from './testing.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe('usage > detector state size (household-table.ts)', () => {
  it('stats().approxBytes is the heap its households hold, within 12 %', () => {
    // As household-heap-restored.ts builds it: templates fed 17 days, households seeded from
    // their snapshots, then 3 hours of both meters (rings full, models learnt).
    const DAYS = 17;
    const n = 3000;
    const template = new UtilityDetector({}, { household: info });
    const t = registers(16);
    for (let q = 0; q < DAYS * 96; q++) feedQuarter(template, t, q);
    const snapshots = Array.from(
      { length: 16 },
      (_, k) => template.snapshot(`HH-${id(k)}`)?.bytes as Uint8Array,
    );
    const at = registers(n);
    const before = heap();
    const detector = new UtilityDetector({}, { household: info });
    for (let h = 0; h < n; h++) detector.seedSnapshot(`HH-${id(h)}`, snapshots[h % 16] as Uint8Array, []);
    for (let q = DAYS * 96; q < DAYS * 96 + 12; q++) feedQuarter(detector, at, q);
    const measured = heap() - before;
    const { approxBytes, households, meters } = detector.stats();
    expect(households).toBe(n);
    expect(meters).toBe(2 * n);
    expect(detector.models().learnt).toBe(n);
    expect(approxBytes / measured).toBeGreaterThan(0.88);
    expect(approxBytes / measured).toBeLessThan(1.12);
  });

  it('gives the households of one place one place object, and each place its own', () => {
    const infos = [
      householdInfo('HH-1'),
      // The same place as a registry record parsed on its own brings it: new copies of the strings.
      householdInfo('HH-2', { district: ['3101', '01'].join(''), grid: `G-310101-${'0001'}` }),
      householdInfo('HH-3', { grid_worker: 'GW-0002' }),
      householdInfo('HH-4', { grid_worker: undefined }),
      householdInfo('HH-5', { grid_worker: undefined }),
      householdInfo('HH-6', { grid: 'G-310101-0002' }),
    ];
    const byId = new Map(infos.map((i) => [i.household_id, i]));
    const rule = { name: 'none', init: () => ({}), check: () => undefined, resumed: () => false };
    const table = new HouseholdTable(
      48,
      (id) => byId.get(id),
      rule,
      new OfflineWatcher(parseUtilityConfig()),
    );
    const place = (id: string) => table.household(id)?.place;
    expect(place('HH-2')).toBe(place('HH-1'));
    expect(place('HH-5')).toBe(place('HH-4'));
    expect(new Set(['HH-1', 'HH-3', 'HH-4', 'HH-6'].map(place)).size).toBe(4);
    for (const info of infos)
      expect(place(info.household_id)).toEqual({
        district: info.district,
        grid: info.grid,
        gridWorker: info.grid_worker,
      });
  });

  it('finds every meter by id as a map of ids would: named by its household or not, replaced, moved', () => {
    // Ids that name their household (WM-/EM- and HH- digits), that name another or none, of other
    // lengths; households a reading names that the registry does not know; meters of a kind
    // replaced by a second one (a swap), and replaced again; readings naming another household.
    const households = ['HH-01', 'HH-02', 'HH-03', 'HH-001', 'XX-01', 'HH-04'];
    const meterIds = [
      'WM-01',
      'EM-01',
      'WM-02',
      'EM-02',
      'WM-03',
      'QM-01',
      'WM-001',
      'W',
      'WM-',
      'EM-04',
      'ZZ-9',
    ];
    const infos = households.filter((h) => h !== 'HH-04').map((h) => householdInfo(h));
    const byId = new Map(infos.map((i) => [i.household_id, i]));
    const rule = { name: 'none', init: () => ({}), check: () => undefined, resumed: () => false };
    for (let seed = 1; seed <= 20; seed++) {
      const next = rng(seed);
      const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T;
      const table = new HouseholdTable(
        48,
        (id) => byId.get(id),
        rule,
        new OfflineWatcher(parseUtilityConfig()),
      );
      const reference = new Map<string, unknown>();
      for (let step = 0; step < 400; step++) {
        // Mostly a meter with its own household, as the feeds send them.
        const meter_id = pick(meterIds);
        const household_id =
          next() < 0.6 && meter_id.length > 3 ? `HH${meter_id.slice(2)}` : pick(households);
        const reading = {
          meter_id,
          household_id,
          kind: next() < 0.5 ? ('water' as const) : ('electricity' as const),
          ts: '2026-09-01T00:00:00+08:00',
          reading: 1,
          unit: 'm3' as const,
        };
        const known = reference.get(meter_id);
        const found = table.meter(reading);
        if (known !== undefined) expect(found).toBe(known);
        else if (found !== undefined) {
          expect([...reference.values()]).not.toContain(found);
          expect(found.id).toBe(meter_id);
          reference.set(meter_id, found);
        } else expect(byId.has(household_id)).toBe(false);
      }
      expect([...table.meters.values()]).toEqual([...reference.values()]);
      expect(table.meters.size).toBe(reference.size);
    }
  });
});
