import { describe, expect, it } from 'vitest';
import { parseRetention, retentionStatements } from './retention.ts';

describe('retention > parseRetention', () => {
  it('reads table=days pairs', () => {
    expect(parseRetention('meter_readings=400, late_events=0')).toEqual({
      meter_readings: 400,
      late_events: 0,
    });
  });

  it('names an unknown table or a bad number', () => {
    expect(() => parseRetention('households=3')).toThrow(/no table households/);
    expect(() => parseRetention('meter_readings=1.5')).toThrow(/whole days/);
  });
});

describe('retention > retentionStatements', () => {
  it('sets a TTL on the event time, or removes it for 0, on one node or a cluster', () => {
    expect(retentionStatements({ meter_readings: 400, late_events: 0 })).toEqual([
      'ALTER TABLE meter_readings MODIFY TTL toDateTime(ts) + INTERVAL 400 DAY',
      'ALTER TABLE late_events REMOVE TTL',
    ]);
    expect(retentionStatements({ household_usage_hourly: 30 }, { cluster: 'city' })).toEqual([
      'ALTER TABLE household_usage_hourly_local ON CLUSTER city MODIFY TTL hour + INTERVAL 30 DAY',
    ]);
  });
});
