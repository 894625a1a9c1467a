import { describe, expect, it } from 'vitest';
import { SerialQueue } from './queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SerialQueue', () => {
  it('runs one task at a time, in arrival order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run(async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
      return 1;
    });
    const second = queue.run(async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(queue.size).toBe(2);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first start', 'first end', 'second']);
    expect(queue.size).toBe(0);
  });

  it('goes on after a task fails', async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });

  it('skips a waiting task whose signal aborted', async () => {
    const queue = new SerialQueue();
    const gate = deferred();
    const running = queue.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = queue.run(
      async () => {
        ran = true;
      },
      { signal: controller.signal, skipped: () => new Error('client left') },
    );
    controller.abort();
    gate.resolve();
    await running;
    await expect(waiting).rejects.toThrow('client left');
    expect(ran).toBe(false);
  });

  it('close lets the running task finish and fails the waiting ones', async () => {
    const queue = new SerialQueue();
    const gate = deferred();
    const started = deferred();
    const running = queue.run(async () => {
      started.resolve();
      await gate.promise;
      return 'done';
    });
    const waiting = queue.run(async () => 'never');
    await started.promise;
    const closed = queue.close(new Error('shutting down'));
    gate.resolve();
    await closed;
    await expect(running).resolves.toBe('done');
    await expect(waiting).rejects.toThrow('shutting down');
    await expect(queue.run(async () => 'late')).rejects.toThrow('shutting down');
  });
});
