import {
  decode,
  gaugeSchema,
  householdSchema,
  shelterSchema,
  stationSchema,
  TOPICS,
} from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { buildCity } from './city.ts';
import { ELDERLY_ALONE } from './households.ts';
import { registryRecords } from './registry.ts';

const city = buildCity({ seed: 42, households: 20_000 });

describe('city > buildCity', () => {
  it('has the 16 districts of Shanghai with their GB/T 2260 codes and real boundaries', () => {
    expect(city.districts.map((d) => d.code)).toEqual([
      '310101',
      '310104',
      '310105',
      '310106',
      '310107',
      '310109',
      '310110',
      '310112',
      '310113',
      '310114',
      '310115',
      '310116',
      '310117',
      '310118',
      '310120',
      '310151',
    ]);
    const pudong = city.districts.find((d) => d.code === '310115');
    expect(pudong?.name).toBe('浦东新区');
    expect(pudong?.box.maxLon).toBeGreaterThan(121.9);
    expect(city.districts.reduce((s, d) => s + d.population, 0)).toBeGreaterThan(24_000_000);
  });

  it('allocates households by census population', () => {
    expect(city.districts.reduce((s, d) => s + d.households, 0)).toBe(20_000);
    const pudong = city.districts.find((d) => d.code === '310115');
    const huangpu = city.districts.find((d) => d.code === '310101');
    expect((pudong?.households ?? 0) / (huangpu?.households ?? 1)).toBeCloseTo(5_681_512 / 662_030, 0);
  });

  it('puts real streets and communities above generated grids and grid workers', () => {
    expect(city.streets.some((s) => s.code === '310101002' && s.name === '南京东路街道')).toBe(true);
    expect(city.grids.every((g) => /^G-\d{6}-\d{4}$/.test(g.id) && /^GW-\d{4,}$/.test(g.worker))).toBe(true);
    const covered = city.grids.reduce((s, g) => s + g.households, 0);
    expect(covered).toBe(20_000);
  });

  it('has about 8-12% elderly living alone in the old centre', () => {
    const centre = new Set(['310101', '310106', '310109']);
    let alone = 0;
    let all = 0;
    for (let i = 0; i < city.households.count; i++) {
      const grid = city.grids[city.households.grid[i] as number];
      if (!grid || !centre.has(grid.community.street.district.code)) continue;
      all++;
      if (city.households.type[i] === ELDERLY_ALONE) alone++;
    }
    expect(alone / all).toBeGreaterThan(0.08);
    expect(alone / all).toBeLessThan(0.14);
  });

  it('shelters hold more than twice the households (over 100k places at 50k households)', () => {
    const big = buildCity({ seed: 1, households: 50_000 });
    expect(big.shelters.reduce((s, x) => s + x.capacity, 0)).toBeGreaterThan(100_000);
  });

  it('is the same city for the same seed, another for another seed', () => {
    const again = buildCity({ seed: 42, households: 20_000 });
    expect(again.streets.map((s) => s.center)).toEqual(city.streets.map((s) => s.center));
    expect(Buffer.from(again.households.waterDaily.buffer)).toEqual(
      Buffer.from(city.households.waterDaily.buffer),
    );
    const other = buildCity({ seed: 43, households: 20_000 });
    expect(Buffer.from(other.households.waterDaily.buffer)).not.toEqual(
      Buffer.from(city.households.waterDaily.buffer),
    );
  });
});

describe('city > registryRecords', () => {
  const records = [...registryRecords(city, 0)];
  const schemas = {
    [TOPICS.households]: householdSchema,
    [TOPICS.gauges]: gaugeSchema,
    [TOPICS.stations]: stationSchema,
    [TOPICS.shelters]: shelterSchema,
  } as const;

  it('publishes every record in the STREAMS.md registry shapes', () => {
    for (const r of records) {
      const schema = schemas[r.topic as keyof typeof schemas];
      const result = decode(schema, r.value);
      expect(result.ok, `${r.topic} ${String(r.value)}`).toBe(true);
      const value = JSON.parse(String(r.value)) as Record<string, unknown>;
      const keyField = {
        [TOPICS.households]: 'household_id',
        [TOPICS.gauges]: 'gauge_id',
        [TOPICS.stations]: 'station_id',
        [TOPICS.shelters]: 'shelter_id',
      }[r.topic as keyof typeof schemas];
      expect(value[keyField]).toBe(r.key);
    }
    expect(records.filter((r) => r.topic === TOPICS.households)).toHaveLength(20_000);
  });

  it('gives households fake +86 138 contacts, family ones for old people living alone', () => {
    const first = JSON.parse(String(records.find((r) => r.topic === TOPICS.households)?.value)) as {
      contacts: { phone: string }[];
    };
    expect(first.contacts[0]?.phone).toMatch(/^\+86138\d{8}$/);
    const alone = records
      .filter((r) => r.topic === TOPICS.households)
      .map(
        (r) =>
          JSON.parse(String(r.value)) as {
            vulnerable: string[];
            lives_alone: boolean;
            contacts: { role: string }[];
          },
      )
      .filter((h) => h.lives_alone && h.vulnerable.includes('elderly'));
    expect(alone.length).toBeGreaterThan(1000);
    expect(alone.every((h) => h.contacts.some((c) => c.role === 'family'))).toBe(true);
  });

  it('uses the real warning and guarantee levels of 黄浦公园', () => {
    const g = records.find((r) => r.key === 'WL-HPJ-001');
    expect(JSON.parse(String(g?.value))).toMatchObject({
      name: '黄浦公园',
      warning_level_m: 4.8,
      guarantee_level_m: 5.86,
    });
  });
});
