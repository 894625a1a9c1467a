import { describe, expect, it } from 'vitest';
import { NO_WINDOW, type PooledState, SpareStates } from './windowed-aggregation-spare.ts';

const state = (key: string, ids: unknown[] | Set<unknown>, count: number): PooledState => ({
  key,
  window: { start: 0, end: 600_000 },
  value: { kwh: 3 },
  ids,
  count,
});

describe('windowed aggregation > spare states', () => {
  it('keeps a state holding nothing of its window: no key, window, accumulator nor ids', () => {
    const spare = new SpareStates<PooledState>();
    const ids = ['HH-00000042@1', 'HH-00000042@2', undefined, undefined];
    expect(spare.keep(state('HH-00000042', ids, 2), 10)).toBe(true);
    const kept = spare.take() as PooledState;
    expect(kept.key).toBe('');
    expect(kept.window).toBe(NO_WINDOW);
    expect(kept.value).toBeUndefined();
    expect(kept.count).toBe(0);
    expect(kept.ids).toBe(ids); // the array's storage is what is reused
    expect(ids.filter((id) => typeof id === 'string')).toEqual([]);
    expect(JSON.stringify(kept)).not.toContain('HH-');
  });

  it('keeps numeric ids as they are (they hold nothing), and leaves a Set of ids to the GC', () => {
    const spare = new SpareStates<PooledState>();
    const times = [1.5e12, 1.6e12, 0.5, 0.5];
    spare.keep(state('M1', times, 2), 10);
    expect(times).toEqual([1.5e12, 1.6e12, 0.5, 0.5]);
    expect(spare.keep(state('M2', new Set(['a']), 1), 10)).toBe(true);
    expect(spare.size).toBe(1);
  });

  it('keeps at most the limit given, and lets go of the rest when the limit falls', () => {
    const spare = new SpareStates<PooledState>();
    let kept = 0;
    for (let i = 0; i < 20; i++) if (spare.keep(state(`M${i}`, [], 0), 8)) kept++;
    expect(kept).toBe(8);
    expect(spare.size).toBe(8);
    spare.trim(3);
    expect(spare.size).toBe(3);
    spare.trim(10);
    expect(spare.size).toBe(3);
  });
});
