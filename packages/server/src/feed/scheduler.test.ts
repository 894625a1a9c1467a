import { stat } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemScheduler } from './scheduler.ts';

// The live state's flush after a quiet interval asks for no wait: it must leave in this turn of
// the event loop, not after a timer (one more wait to be scheduled on a loaded host).
describe('systemScheduler', () => {
  it('runs a task of no wait in this turn of the loop, before a timer of 0 set before it', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      // From an I/O callback, as a Kafka batch's handler runs.
      stat(import.meta.filename, () => {
        setTimeout(() => {
          order.push('timer');
          resolve();
        }, 0);
        systemScheduler.after(0, () => order.push('no wait'));
      });
    });
    expect(order).toEqual(['no wait', 'timer']);
  });

  it('cancels a task of no wait', async () => {
    const ran: string[] = [];
    const cancel = systemScheduler.after(0, () => ran.push('cancelled'));
    cancel();
    // Tasks of no wait run in order: when the second has run, the first would have.
    await new Promise<void>((resolve) =>
      systemScheduler.after(0, () => {
        ran.push('kept');
        resolve();
      }),
    );
    expect(ran).toEqual(['kept']);
  });

  it('does not run a task of no wait before the caller returns', () => {
    let ran = false;
    const cancel = systemScheduler.after(0, () => {
      ran = true;
    });
    expect(ran).toBe(false);
    cancel();
  });
});
