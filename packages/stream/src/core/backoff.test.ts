import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoff > backoffDelay', () => {
  const options = { baseMs: 100, capMs: 5_000 };
  it('doubles its ceiling with each attempt', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800]);
  });
  it('never exceeds the cap', () => {
    expect(backoffDelay(50, options, () => 1)).toBe(5_000);
  });
  it('jitters below the ceiling', () => {
    expect(backoffDelay(3, options, () => 0.5)).toBe(400);
  });
});
