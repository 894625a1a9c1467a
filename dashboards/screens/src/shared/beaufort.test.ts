import { describe, expect, it } from 'vitest';
import { beaufort } from './beaufort.ts';

describe('beaufort', () => {
  it.each([
    [0, 0],
    [0.3, 1],
    [10.7, 5],
    [10.8, 6],
    [17.2, 8],
    [32.6, 11],
    [32.7, 12],
    [61.3, 17],
  ])('%d m/s is force %d', (ms, force) => {
    expect(beaufort(ms)).toBe(force);
  });
});
