import { describe, expect, it } from 'vitest';
import { evacuationSchema } from './evacuations.ts';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { TOPICS } from './topics.ts';

const evacuation = (changes: Record<string, unknown>) => exampleWith(TOPICS.evacuations, changes);

describe('evacuations > evacuationSchema', () => {
  it.each(['transferred', 'check_in', 'check_out'])('accepts action %s', (action) => {
    expect(decode(evacuationSchema, evacuation({ action })).ok).toBe(true);
  });

  it('rejects negative people', () => {
    expect(reasonFor(evacuationSchema, evacuation({ people: -4 }))).toBe(
      'people: expected integer ≥ 1, got -4',
    );
  });

  it('rejects zero people', () => {
    expect(reasonFor(evacuationSchema, evacuation({ people: 0 }))).toBe(
      'people: expected integer ≥ 1, got 0',
    );
  });

  it('rejects an unknown action', () => {
    expect(reasonFor(evacuationSchema, evacuation({ action: 'rescued' }))).toBe(
      'action: expected one of "transferred" | "check_in" | "check_out", got "rescued"',
    );
  });

  it('requires the shelter id, which is the message key', () => {
    expect(reasonFor(evacuationSchema, evacuation({ shelter_id: undefined }))).toBe(
      'shelter_id: expected string, got nothing',
    );
  });

  it('requires the district', () => {
    expect(reasonFor(evacuationSchema, evacuation({ district: undefined }))).toBe(
      'district: expected 6-digit district code, got nothing',
    );
  });
});
