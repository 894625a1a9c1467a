import type { BatchControl } from '@onegrid/kafka';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { whileWaiting } from './heartbeat.ts';

function control() {
  const calls = { heartbeats: 0, pauses: 0, resumes: 0 };
  const c: BatchControl = {
    heartbeat: async () => {
      calls.heartbeats++;
    },
    pause: () => {
      calls.pauses++;
      return () => {
        calls.resumes++;
      };
    },
    isStale: () => false,
  };
  return { c, calls };
}

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('processor > heartbeat while waiting', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('neither pauses nor heartbeats for work that ends quickly', async () => {
    const { c, calls } = control();
    await expect(whileWaiting(Promise.resolve(7), c)).resolves.toBe(7);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual({ heartbeats: 0, pauses: 0, resumes: 0 });
  });

  it('pauses the partition after 1 s, heartbeats every 2 s, resumes once the work ends', async () => {
    const { c, calls } = control();
    const work = deferred<string>();
    const waiting = whileWaiting(work.promise, c);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls.pauses).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.pauses).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.heartbeats).toBe(3);
    expect(calls.resumes).toBe(0);
    work.resolve('done');
    await expect(waiting).resolves.toBe('done');
    expect(calls.resumes).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.heartbeats).toBe(3);
  });

  it('resumes and stops heartbeating when the work fails, passing the error on', async () => {
    const { c, calls } = control();
    const work = deferred<never>();
    const waiting = whileWaiting(work.promise, c);
    const failed = expect(waiting).rejects.toThrow('sink refused');
    await vi.advanceTimersByTimeAsync(2_500);
    work.reject(new Error('sink refused'));
    await failed;
    expect(calls).toEqual({ heartbeats: 1, pauses: 1, resumes: 1 });
  });

  it('keeps going when a heartbeat fails (the group is rebalancing)', async () => {
    const { c } = control();
    const failing: BatchControl = {
      ...c,
      heartbeat: () => Promise.reject(new Error('REBALANCE_IN_PROGRESS')),
    };
    const work = deferred<number>();
    const waiting = whileWaiting(work.promise, failing);
    await vi.advanceTimersByTimeAsync(4_100);
    work.resolve(1);
    await expect(waiting).resolves.toBe(1);
  });

  it('just awaits without a control', async () => {
    await expect(whileWaiting(Promise.resolve('x'), undefined)).resolves.toBe('x');
  });
});
