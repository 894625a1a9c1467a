import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoff > backoffDelay', () => {
  const o = { initialMs: 1000, maxMs: 30_000, factor: 2 };
  it('doubles per attempt between half and all of the step', () => {
    expect(backoffDelay(0, 0, o)).toBe(500);
    expect(backoffDelay(0, 0.999999, o)).toBeCloseTo(1000, 0);
    expect(backoffDelay(3, 0, o)).toBe(4000);
  });
  it('is capped at maxMs', () => {
    expect(backoffDelay(40, 0.999999, o)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(40, 0, o)).toBe(15_000);
  });
});
