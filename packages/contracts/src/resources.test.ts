import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { resourceStatusSchema } from './resources.ts';
import { TOPICS } from './topics.ts';

const resource = (changes: Record<string, unknown>) => exampleWith(TOPICS.resources, changes);

describe('resources > resourceStatusSchema', () => {
  it('rejects an unknown type', () => {
    expect(reasonFor(resourceStatusSchema, resource({ type: 'helicopter' }))).toMatch(
      /^type: expected one of "rescue_team" \| .* \| "medical_team", got "helicopter"$/,
    );
  });

  it('rejects an unknown status', () => {
    expect(reasonFor(resourceStatusSchema, resource({ status: 'lost' }))).toMatch(
      /^status: expected one of "available" \| .*, got "lost"$/,
    );
  });

  it('rejects a zero quantity', () => {
    expect(reasonFor(resourceStatusSchema, resource({ quantity: 0 }))).toBe(
      'quantity: expected integer ≥ 1, got 0',
    );
  });
});
