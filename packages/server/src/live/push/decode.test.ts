import { INTERNAL_TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { decodePush } from './decode.ts';

const advisory = {
  kind: 'advisory',
  district: '310115',
  source_partition: 0,
  observation: { storm_id: '2611', ts: '2026-09-14T02:00:00+08:00', lat: 30.9, lon: 122.1, forecast: [] },
};

describe('decodePush', () => {
  // Advisories share the hazard topic since the look-ahead risk; the pushed channels show none of
  // them (the storm channel reads the store), and refusing them would log an error per district.
  it('passes over a typhoon advisory on the hazard topic without refusing it', () => {
    expect(decodePush(INTERNAL_TOPICS.hazardByDistrict, JSON.stringify(advisory))).toEqual({
      ok: true,
      fact: null,
    });
  });

  it('refuses a hazard message that fails its schema, with the reason', () => {
    const bad = decodePush(INTERNAL_TOPICS.hazardByDistrict, JSON.stringify({ ...advisory, kind: 'flood' }));
    expect(bad.ok).toBe(false);
  });

  it('reads a live-lane copy as the same fact as its archive copy (the server shows two as one)', () => {
    const observation = { gauge_id: 'WL-PD-001', ts: '2026-09-14T02:00:00+08:00', level_m: 3.9 };
    const archived = { kind: 'water_level', district: '310115', source_partition: 2, observation };
    const lane = { kind: 'water_level', district: '310115', observation };
    const fromArchive = decodePush(INTERNAL_TOPICS.hazardByDistrict, JSON.stringify(archived));
    expect(fromArchive).toEqual({
      ok: true,
      fact: { kind: 'level', gauge_id: 'WL-PD-001', ts: Date.parse(observation.ts), level_m: 3.9 },
    });
    expect(decodePush(INTERNAL_TOPICS.liveLane, JSON.stringify(lane))).toEqual(fromArchive);
    const event = {
      resource_id: 'R-1',
      ts: '2026-09-14T02:00:00+08:00',
      type: 'pump',
      status: 'dispatched',
      district: '310115',
      quantity: 2,
    };
    const resource = JSON.stringify({ kind: 'resource', event });
    const copy = decodePush(INTERNAL_TOPICS.liveLane, resource);
    expect(copy).toEqual(decodePush(INTERNAL_TOPICS.emergencyByDistrict, resource));
    expect(copy).toMatchObject({ ok: true, fact: { kind: 'resource', fact: { resource_id: 'R-1' } } });
  });

  it('refuses an advisory or an unknown kind on the live lane (it carries none)', () => {
    for (const message of [advisory, { ...advisory, kind: 'flood' }]) {
      const bad = decodePush(INTERNAL_TOPICS.liveLane, JSON.stringify(message));
      expect(bad.ok).toBe(false);
    }
  });
});
