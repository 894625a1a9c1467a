import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { feedQuarter, id, info, registers } from '../../bench/synthetic-city.ts';
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
});
