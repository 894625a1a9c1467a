import { describe, expect, it } from 'vitest';
import { shanghaiTime } from './time.ts';

describe('time > shanghaiTime', () => {
  it('prints an instant as Shanghai wall-clock time', () => {
    expect(shanghaiTime(Date.parse('2026-09-14T09:00:00Z'))).toBe('2026-09-14 17:00:00.000');
  });
});
