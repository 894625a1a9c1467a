import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { TOPICS } from './topics.ts';
import { waterLevelSchema } from './water-levels.ts';

const level = (changes: Record<string, unknown>) => exampleWith(TOPICS.waterLevels, changes);

describe('water-levels > waterLevelSchema', () => {
  it('accepts a level below the local datum', () => {
    expect(decode(waterLevelSchema, level({ level_m: -1.2 })).ok).toBe(true);
  });

  it('rejects an impossible level', () => {
    expect(reasonFor(waterLevelSchema, level({ level_m: 9999 }))).toBe(
      'level_m: expected number ≤ 200, got 9999',
    );
  });

  it('rejects a level sent as null', () => {
    expect(reasonFor(waterLevelSchema, level({ level_m: null }))).toBe('level_m: expected number, got null');
  });
});
