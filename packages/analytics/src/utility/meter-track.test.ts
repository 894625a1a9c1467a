import { describe, expect, it } from 'vitest';
import { type Interval, MeterTrack } from './meter-track.ts';
import { MINUTE } from './time.ts';

const Q = 15 * MINUTE;
const drain = (track: MeterTrack, upTo = Number.POSITIVE_INFINITY): Interval[] => {
  const out: Interval[] = [];
  track.consume(upTo, (iv) => out.push(iv));
  return out;
};

describe('usage > MeterTrack', () => {
  it('turns consecutive readings into intervals; the first reading only anchors', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(Q, 10.5, false);
    t.offer(2 * Q, 11, false);
    expect(drain(t)).toEqual([
      { from: 0, to: Q, usage: 0.5 },
      { from: Q, to: 2 * Q, usage: 0.5 },
    ]);
  });

  it('spans a gap with one interval: missing readings are not zero usage', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(8 * Q, 14, false);
    expect(drain(t)).toEqual([{ from: 0, to: 8 * Q, usage: 4 }]);
  });

  it('recognises duplicates before and after they are consumed', () => {
    const t = new MeterTrack();
    expect(t.offer(0, 10, false)).toBe('accepted');
    expect(t.offer(0, 10, false)).toBe('duplicate');
    t.offer(Q, 11, false);
    t.offer(2 * Q, 12, false);
    drain(t);
    expect(t.offer(Q, 11, false)).toBe('duplicate');
    expect(t.offer(2 * Q, 12, false)).toBe('duplicate');
  });

  it('puts an out-of-order reading in its place while it is still pending', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(2 * Q, 12, false);
    t.offer(Q, 10.5, false);
    expect(drain(t)).toEqual([
      { from: 0, to: Q, usage: 0.5 },
      { from: Q, to: 2 * Q, usage: 1.5 },
    ]);
  });

  it('puts a reading older than what was consumed back in its place, and keeps the total', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(2 * Q, 12, false);
    const first = drain(t);
    expect(t.offer(Q, 11.5, false)).toBe('accepted');
    expect(t.offer(Q, 11.5, false)).toBe('duplicate');
    const split = drain(t);
    expect(split).toEqual([
      { from: 0, to: 2 * Q, usage: -2, role: 'retract' },
      { from: 0, to: Q, usage: 1.5 },
      { from: Q, to: 2 * Q, usage: 0.5, role: 'resplit' },
    ]);
    expect([...first, ...split].reduce((s, iv) => s + iv.usage, 0)).toBe(2);
  });

  it('calls a reading older than every remembered one late', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(Q, 11, false);
    drain(t);
    expect(t.offer(-Q, 9, false)).toBe('late');
    expect(drain(t)).toEqual([]);
  });

  it('does not split around a reset or a register that does not fit', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(Q, 11, false);
    t.offer(3 * Q, 0.2, true);
    drain(t);
    expect(t.offer(2 * Q, 11.4, false)).toBe('accepted');
    expect(t.offer(Q / 2, 12, false)).toBe('accepted');
    expect(drain(t)).toEqual([]);
  });

  it('consumes only up to the watermark', () => {
    const t = new MeterTrack();
    t.offer(0, 10, false);
    t.offer(Q, 11, false);
    t.offer(2 * Q, 12, false);
    expect(drain(t, Q)).toHaveLength(1);
    expect(t.hasPending()).toBe(true);
    expect(drain(t, 2 * Q)).toHaveLength(1);
  });

  it('restarts counting on reset: the new register is the usage since the swap', () => {
    const t = new MeterTrack();
    t.offer(0, 1834.5, false);
    t.offer(6 * Q, 0.02, true);
    t.offer(7 * Q, 0.05, false);
    const ivs = drain(t);
    expect(ivs[0]?.usage).toBeCloseTo(0.02);
    expect(ivs[1]?.usage).toBeCloseTo(0.03);
  });

  it('marks usage unknown when a register goes back without reset', () => {
    const t = new MeterTrack();
    t.offer(0, 100, false);
    t.offer(Q, 90, false);
    expect(drain(t)[0]?.usage).toBeNaN();
  });

  it('remembers where the interval crossing a time starts (for the replay point)', () => {
    const t = new MeterTrack();
    for (let i = 0; i <= 6; i++) t.offer(i * Q, 10 + i, false, 100 + i);
    drain(t);
    expect(t.consumedAtOrBefore(4 * Q + 1)).toEqual({ ts: 4 * Q, offset: 104 });
    expect(t.consumedAtOrBefore(10 * Q)).toEqual({ ts: 6 * Q, offset: 106 });
  });
});

describe('usage > MeterTrack: its caller’s tag', () => {
  it('keeps a tag beside its readings and flags, neither changing the other', () => {
    const tagged = new MeterTrack();
    const plain = new MeterTrack();
    expect(tagged.tag).toBe(-1);
    tagged.tag = 65_534;
    for (const t of [tagged, plain]) {
      t.offer(0, 10, false);
      t.offer(Q, 10.5, false);
      t.offer(2 * Q, 0.25, true);
    }
    expect(tagged.tag).toBe(65_534);
    expect(drain(tagged)).toEqual(drain(plain));
    tagged.tag = 0;
    expect(tagged.tag).toBe(0);
    expect(tagged.offer(2 * Q, 0.25, true)).toBe(plain.offer(2 * Q, 0.25, true));
    expect(() => {
      tagged.tag = 65_535;
    }).toThrow(RangeError);
    expect(() => {
      tagged.tag = 1.5;
    }).toThrow(RangeError);
  });
});
