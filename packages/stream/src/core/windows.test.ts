import { describe, expect, it } from 'vitest';
import { hoppingWindows, tumblingWindows } from './windows.ts';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

describe('windows > tumblingWindows', () => {
  it('puts an event in exactly the window that contains it', () => {
    expect(tumblingWindows(HOUR).assign(t('2026-09-14T08:15:00+08:00'))).toEqual([
      { start: t('2026-09-14T08:00:00+08:00'), end: t('2026-09-14T09:00:00+08:00') },
    ]);
  });

  it('treats the end as exclusive', () => {
    const [w] = tumblingWindows(HOUR).assign(t('2026-09-14T09:00:00Z'));
    expect(w?.start).toBe(t('2026-09-14T09:00:00Z'));
  });

  it('aligns daily windows to midnight in +08:00 with an offset', () => {
    const day = tumblingWindows(24 * HOUR, -8 * HOUR);
    expect(day.assign(t('2026-09-14T07:59:00+08:00'))[0]?.start).toBe(t('2026-09-14T00:00:00+08:00'));
  });

  it('handles times before the epoch', () => {
    const [w] = tumblingWindows(HOUR).assign(-1);
    expect(w).toEqual({ start: -HOUR, end: 0 });
  });
});

describe('windows > hoppingWindows', () => {
  it('puts an event in size/slide overlapping windows, oldest first', () => {
    const windows = hoppingWindows(3 * HOUR, HOUR).assign(t('2026-09-14T08:15:00Z'));
    expect(windows.map((w) => new Date(w.start).toISOString())).toEqual([
      '2026-09-14T06:00:00.000Z',
      '2026-09-14T07:00:00.000Z',
      '2026-09-14T08:00:00.000Z',
    ]);
    for (const w of windows) expect(w.end - w.start).toBe(3 * HOUR);
  });

  it('refuses a slide longer than the size', () => {
    expect(() => hoppingWindows(HOUR, 2 * HOUR)).toThrow(expect.objectContaining({ code: 'INVALID_WINDOW' }));
  });

  it('gives every event of one slide the same windows, and moves on with the slide', () => {
    const windows = hoppingWindows(2 * HOUR, HOUR);
    const first = windows.assign(t('2026-09-14T08:00:00Z'));
    expect(windows.assign(t('2026-09-14T08:59:59.999Z'))).toBe(first); // no array per event
    expect(Object.isFrozen(first)).toBe(true);
    const next = windows.assign(t('2026-09-14T09:00:00Z'));
    expect(next.map((w) => new Date(w.start).toISOString())).toEqual([
      '2026-09-14T08:00:00.000Z',
      '2026-09-14T09:00:00.000Z',
    ]);
    // Back to an earlier slide (a late event): its own windows, not the last ones.
    expect(windows.assign(t('2026-09-14T08:30:00Z'))).toEqual([
      { start: t('2026-09-14T07:00:00Z'), end: t('2026-09-14T09:00:00Z') },
      { start: t('2026-09-14T08:00:00Z'), end: t('2026-09-14T10:00:00Z') },
    ]);
  });
});
