import { describe, expect, it } from 'vitest';
import { warmLeaders } from './warm-leaders.ts';

// A metadata answer as @platformatic/kafka's producer gives it (the fields a warm-up reads).
const answer = (topics: Record<string, number[]>) => ({
  topics: new Map(
    Object.entries(topics).map(([name, leaders]) => [
      name,
      { partitions: leaders.map((leader) => ({ leader })) },
    ]),
  ),
});

describe('kafka > platformatic warm-up leaders', () => {
  it("gives each partition's leader once", () => {
    expect(warmLeaders(['a', 'b'], answer({ a: [1, 2, 1], b: [3] })).sort()).toEqual([1, 2, 3]);
  });

  it('is not warm for a topic missing from the answer or listed with no partitions', () => {
    expect(() => warmLeaders(['a', 'gone'], answer({ a: [1] }))).toThrow(
      'not warm: gone has no partitions in the metadata',
    );
    expect(() => warmLeaders(['empty'], answer({ empty: [] }))).toThrow(/empty has no partitions/);
  });

  it('is not warm for a partition with no leader, rather than connecting to no broker or every one', () => {
    expect(() => warmLeaders(['a'], answer({ a: [1, -1] }))).toThrow('not warm: a[1] has no leader');
  });
});
