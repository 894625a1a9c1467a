import { describe, expect, it } from 'vitest';
import { parseProgress, parseWindow, progressLine } from './progress.ts';

const LOG = `scenario seed 42: 2000 households, 2026-09-13T00:00:00+08:00 → 2026-09-15T00:00:00+08:00, landfall 2026-09-14T02:00:00+08:00, ×288
publishing to 127.0.0.1:9692
[5.4s] events: 10820 records, scenario at 2026-09-13T00:24:01+08:00, 2013 rec/s
[10.4s] events: 19412 records, scenario at 2026-09-14T02:10:00+08:00, 1870 rec/s
`;

describe('demo > progress', () => {
  it('reads the window and the last progress line of the simulator', () => {
    expect(parseWindow(LOG)).toEqual({
      start: Date.parse('2026-09-13T00:00:00+08:00'),
      end: Date.parse('2026-09-15T00:00:00+08:00'),
    });
    expect(parseProgress(LOG)).toEqual({ scenarioAt: Date.parse('2026-09-14T02:10:00+08:00'), rate: 1870 });
    expect(parseProgress('publishing to …')).toBeUndefined();
  });

  it('prints scenario time, share replayed, rate, lag and open alerts', () => {
    expect(
      progressLine({ window: parseWindow(LOG), replay: parseProgress(LOG), lag: 12345, openAlerts: 87 }),
    ).toBe(
      '[demo] scenario 09-14 02:10 · replayed 55% · 1,870 msg/s · processor lag 12,345 · open alerts 87',
    );
  });

  it('says — for what has not answered yet', () => {
    expect(progressLine({})).toBe(
      '[demo] scenario — · replayed — · — msg/s · processor lag — · open alerts —',
    );
  });
});
