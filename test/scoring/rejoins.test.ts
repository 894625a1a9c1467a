// The scoring's re-join count, from the runtime's own metrics (pure: no broker is touched).
import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { rejoinsOf } from './rejoins.ts';

describe('rejoinsOf', () => {
  it('counts the assignments beyond each processor’s first', async () => {
    const registry = new Registry();
    const metrics = streamMetrics(registry);
    metrics.assignments.inc({ processor: 'utility' });
    metrics.assignments.inc({ processor: 'utility' });
    metrics.assignments.inc({ processor: 'utility' });
    metrics.assignments.inc({ processor: 'archive' });
    expect(await rejoinsOf(registry)).toEqual({ total: 2, byProcessor: { utility: 2 } });
  });

  it('finds none in a run where every group joined once', async () => {
    const registry = new Registry();
    streamMetrics(registry).assignments.inc({ processor: 'utility' });
    expect(await rejoinsOf(registry)).toEqual({ total: 0, byProcessor: {} });
  });
});
