import { SCREEN_LANE_MAX_BYTES, TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { exampleWith } from '../../../contracts/src/fixtures/messages.ts';
import { decodeScreenLane } from './kafka-live-feed.ts';

// The contract's own example alert (packages/contracts fixtures), not a copy of it.
const alert = JSON.parse(exampleWith(TOPICS.alerts)) as Record<string, unknown>;

describe('decodeScreenLane: the server trusts no lane bytes', () => {
  it('takes a copy of an alert as its contract topic carries it, with its emission stamp', () => {
    const text = JSON.stringify({ kind: 'alert', emitted_at: 1_765_000_000_000, alert });
    const decoded = decodeScreenLane(text);
    // Whatever the contract's schema makes of the row, the lane gives the same.
    expect(decoded?.kind).toBe('alert');
    expect(decoded?.emitted_at).toBe(1_765_000_000_000);
  });

  it.each([
    ['no bytes', null],
    ['not JSON', '{"kind":"alert",'],
    ['an unknown kind', JSON.stringify({ kind: 'gauge', emitted_at: 1, alert })],
    ['no emission stamp', JSON.stringify({ kind: 'alert', alert })],
    ['a negative stamp', JSON.stringify({ kind: 'alert', emitted_at: -5, alert })],
    ['a row of the wrong kind', JSON.stringify({ kind: 'risk', emitted_at: 1, score: alert })],
    [
      'a row missing its id',
      JSON.stringify({ kind: 'alert', emitted_at: 1, alert: { ...alert, alert_id: undefined } }),
    ],
    [
      // 12 KB, under the size limit, but 6,000 levels deep: the feed's JSON.stringify would overflow.
      'evidence nested 6,000 levels deep',
      JSON.stringify({ kind: 'alert', emitted_at: 1, alert: { ...alert, evidence: 'DEEP' } }).replace(
        '"DEEP"',
        `{"x":${'['.repeat(6000)}${']'.repeat(6000)}}`,
      ),
    ],
  ])('refuses %s', (_, text) => {
    expect(decodeScreenLane(text)).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a valid copy that also carries a prototype key, and pollutes nothing', () => {
    const text = `{"kind":"alert","emitted_at":1,"__proto__":{"polluted":true},"alert":${JSON.stringify(alert)}}`;
    const decoded = decodeScreenLane(text);
    expect(decoded?.kind).toBe('alert');
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect((decoded as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a message over the size limit, and takes the same one under it', () => {
    const padded = (n: number) =>
      JSON.stringify({ kind: 'alert', emitted_at: 1, alert: { ...alert, evidence: { pad: 'x'.repeat(n) } } });
    expect(decodeScreenLane(padded(SCREEN_LANE_MAX_BYTES - 1_000))?.kind).toBe('alert');
    expect(decodeScreenLane(padded(SCREEN_LANE_MAX_BYTES))).toBeUndefined();
  });
});
