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
});
