import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnduseConfig } from './config.ts';
import { EnduseError } from './errors.ts';
import { cacheDir, codeHash, readUsage } from './usage.ts';

// An output directory as the Python models write it (__main__.py), two households, one day:
// the reader's checks alone, without running the models (generate.test.ts runs them).
const config = parseEnduseConfig({ seed: 7, households: 2, days: 1 });
const QUARTERS = 96;
const spec = {
  index: 0,
  house_type: 'one_person',
  ages: ['senior'],
  persons: 1,
  population: 'p',
  appliances: [],
};
const META = {
  seed: 7,
  households: 2,
  days: 1,
  warmup_days: 0,
  quarters: QUARTERS,
  models: { pysimdeum: '0.1' },
  household_specs: [spec, { ...spec, index: 1 }],
  trips: { '1': [[420, 900]] },
  incidents: { '0': { target: 600, onset: 610 } },
  taps: {},
  seconds: 1,
  cpu_seconds: 1,
};

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(meta: unknown, water = new Float32Array(2 * QUARTERS).fill(1.5)): string {
  dir = mkdtempSync(path.join(tmpdir(), 'onegrid-enduse-out-'));
  writeFileSync(path.join(dir, 'meta.json'), typeof meta === 'string' ? meta : JSON.stringify(meta));
  writeFileSync(path.join(dir, 'water.f32'), water);
  writeFileSync(path.join(dir, 'power.f32'), new Float32Array(2 * QUARTERS).fill(2));
  return dir;
}

function failure(read: () => unknown): EnduseError {
  try {
    read();
  } catch (error) {
    if (error instanceof EnduseError) return error;
    throw error;
  }
  throw new Error('read without an error');
}

describe('enduse > readUsage', () => {
  it('reads a well-formed output: the meta and both arrays', () => {
    const usage = readUsage(write(META), config);
    expect(usage.meta.household_specs).toHaveLength(2);
    expect(usage.water[2 * QUARTERS - 1]).toBe(1.5);
    expect(usage.power[0]).toBe(2);
  });

  it('refuses a meta.json that is not JSON with its own code, not a SyntaxError', () => {
    const error = failure(() => readUsage(write('{"seed": 7, "househ'), config));
    expect(error.code).toBe('BAD_MODEL_OUTPUT');
    expect(error.message).toContain('meta.json unreadable');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it.each([
    ['a household out of range', { ...META, trips: { '2': [[420, 900]] } }, 'trip of household "2"'],
    [
      'a household that is not an index',
      { ...META, taps: { '0x1': [10, 20, 0.5] } },
      'tap of household "0x1"',
    ],
    ['a minute past the end', { ...META, incidents: { '0': { target: 600, onset: 1441 } } }, 'incident'],
    ['fewer specs than households', { ...META, household_specs: [spec] }, '1 household specs for 2'],
  ])('refuses %s', (_, meta, what) => {
    const error = failure(() => readUsage(write(meta), config));
    expect(error.code).toBe('BAD_MODEL_OUTPUT');
    expect(error.message).toContain(what);
  });

  it.each([
    ['NaN', Number.NaN],
    ['a negative quarter', -1],
    ['infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s in water.f32, naming the household', (_, value) => {
    const water = new Float32Array(2 * QUARTERS).fill(1);
    water[QUARTERS + 5] = value;
    const error = failure(() => readUsage(write(META, water), config));
    expect(error.message).toContain(`water.f32: ${value} at household 1`);
  });
});

describe('enduse > the cache of code proven to write the same bytes', () => {
  it("reads an equivalent earlier code's output, and runs afresh when there is none", () => {
    dir = mkdtempSync(path.join(tmpdir(), 'onegrid-enduse-cache-'));
    const before = process.env.ONEGRID_ENDUSE_CACHE;
    process.env.ONEGRID_ENDUSE_CACHE = dir;
    try {
      const now = cacheDir(config, {});
      expect(now.endsWith(`-${codeHash()}`)).toBe(true);
      const earlier = now.replace(/-[0-9a-f]{12}$/, '-0123456789ab');
      const aliases = { [codeHash()]: '0123456789ab' };
      expect(cacheDir(config, aliases)).toBe(now); // nothing cached under the earlier hash
      mkdirSync(earlier);
      expect(cacheDir(config, aliases)).toBe(now); // an unfinished run is not used
      writeFileSync(path.join(earlier, 'done'), '');
      expect(cacheDir(config, aliases)).toBe(earlier);
      expect(cacheDir(config, {})).toBe(now); // not without the table's entry
      mkdirSync(now);
      writeFileSync(path.join(now, 'done'), '');
      expect(cacheDir(config, aliases)).toBe(now); // this code's own output first
    } finally {
      if (before === undefined) delete process.env.ONEGRID_ENDUSE_CACHE;
      else process.env.ONEGRID_ENDUSE_CACHE = before;
    }
  });
});
