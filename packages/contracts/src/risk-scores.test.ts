import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { riskScoreSchema } from './risk-scores.ts';
import { TOPICS } from './topics.ts';

const score = (changes: Record<string, unknown>) => exampleWith(TOPICS.riskScores, changes);
const components = { wind: 0.8, rain: 0.6, water: 0.7, exposure: 0.5 };

describe('risk-scores > riskScoreSchema', () => {
  it('keeps extra components', () => {
    const result = decode(riskScoreSchema, score({ components: { ...components, surge: 0.3 } }));
    expect(result.ok && result.value.components.surge).toBe(0.3);
  });

  it('rejects a score above 100', () => {
    expect(reasonFor(riskScoreSchema, score({ score: 100.5 }))).toBe(
      'score: expected number ≤ 100, got 100.5',
    );
  });

  it('rejects an unknown level', () => {
    expect(reasonFor(riskScoreSchema, score({ level: 'purple' }))).toBe(
      'level: expected one of "none" | "blue" | "yellow" | "orange" | "red", got "purple"',
    );
  });

  it('requires the wind component', () => {
    const { wind: _, ...rest } = components;
    expect(reasonFor(riskScoreSchema, score({ components: rest }))).toBe(
      'components.wind: expected number, got nothing',
    );
  });

  it('rejects a component above 1, named or not', () => {
    expect(reasonFor(riskScoreSchema, score({ components: { ...components, surge: 2 } }))).toBe(
      'components.surge: expected number ≤ 1, got 2',
    );
  });

  it('cuts and masks a component name taken from the input', () => {
    const name = `+86${'1'.repeat(11)}${'x'.repeat(200)}`;
    const reason = reasonFor(riskScoreSchema, score({ components: { ...components, [name]: 2 } }));
    expect(reason).toMatch(/^components\.\[digits masked\]x+…: expected number ≤ 1, got 2$/);
  });
});
