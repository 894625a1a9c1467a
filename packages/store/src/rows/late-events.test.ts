import { describe, expect, it } from 'vitest';
import { lateEventRow } from './late-events.ts';

describe('rows > lateEventRow', () => {
  it('maps the runtime late event to the late_events columns, times in UTC', () => {
    const row = lateEventRow({
      processor: 'meter-hourly',
      topic: 'city.utility.meter_readings',
      partition: 3,
      offset: 1_234,
      eventTime: Date.UTC(2026, 8, 14, 0, 15),
      watermark: Date.UTC(2026, 8, 14, 2, 0, 0, 5),
      payload: '{"meter_id":"WM-1"}',
    });
    expect(row).toEqual({
      processor: 'meter-hourly',
      topic: 'city.utility.meter_readings',
      partition: 3,
      offset: 1_234,
      event_time: '2026-09-14T00:15:00.000Z',
      watermark: '2026-09-14T02:00:00.005Z',
      payload: '{"meter_id":"WM-1"}',
    });
  });

  it('keeps a null watermark (before the partition saw an on-time event)', () => {
    const row = lateEventRow({
      processor: 'p',
      topic: 't',
      partition: 0,
      offset: 0,
      eventTime: 0,
      watermark: null,
      payload: '{}',
    });
    expect(row.watermark).toBeNull();
  });
});
