import { createLogger } from '@onegrid/logging';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchWarmth } from './warmth.ts';

const logger = createLogger('test', 'silent');
/** Lets the settled parts' callbacks run (every microtask queued before the next macrotask). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A part's promise and the hand that settles it. */
function part(): { done: Promise<boolean>; settle: (ok: boolean) => void } {
  let settle: (ok: boolean) => void = () => undefined;
  const done = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  return { done, settle };
}

describe('watchWarmth', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is not ready while a part waits, ready once every part is warm', async () => {
    const readers = part();
    const registries = part();
    const warm = watchWarmth(
      { readers: readers.done, registries: registries.done },
      { withinMs: 60_000, logger },
    );
    expect(warm()).toEqual({
      ok: false,
      error: 'warming: readers, registries',
      waiting: ['readers', 'registries'],
    });
    readers.settle(true);
    await settled();
    expect(warm()).toMatchObject({ ok: false, waiting: ['registries'] });
    registries.settle(true);
    await settled();
    expect(warm()).toEqual({ ok: true });
  });

  it('is ready but degraded past its bound, naming the part still waiting', async () => {
    vi.useFakeTimers();
    const readers = part();
    const warm = watchWarmth(
      { readers: readers.done, lane: Promise.resolve(true) },
      { withinMs: 1_000, logger },
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(warm().ok).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(warm()).toEqual({
      ok: true,
      degraded: true,
      error: 'not warm (gave up waiting): readers',
      cold: ['readers'],
    });
    // Warm after all: no longer degraded.
    readers.settle(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(warm()).toEqual({ ok: true });
  });

  it('is ready but degraded at once when a part gave up on its own bound', async () => {
    const warm = watchWarmth(
      { lane: Promise.resolve(false), readers: Promise.resolve(true) },
      { withinMs: 60_000, logger },
    );
    await settled();
    expect(warm()).toMatchObject({ ok: true, degraded: true, cold: ['lane'] });
  });
});
