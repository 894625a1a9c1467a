import { TOPICS } from '@onegrid/contracts';
import { createLogger } from '@onegrid/logging';
import { describe, expect, it } from 'vitest';
import { publishGeneration } from './publish-generation.ts';
import type { StreamRecord } from './record.ts';
import type { CountsTruth } from './truth.ts';

// A dry run (no Kafka: cli.e2e.test.ts publishes into the real broker): what the CLIs print and
// hand the truth's summary, for a generation of one household and one reading.
describe('households > publishGeneration', () => {
  it('replays every record, prints the run and the counts, and closes the truth with both', async () => {
    const t0 = Date.parse('2026-11-02T00:00:00+08:00');
    const records: StreamRecord[] = [
      { topic: TOPICS.households, key: 'HH-1', value: '{}', arrivalTime: t0 - 60_000, fault: null },
      { topic: TOPICS.meterReadings, key: 'WM-1', value: '{}', arrivalTime: t0 + 900_000, fault: null },
    ];
    const counts: CountsTruth = {
      type: 'counts',
      topics: { [TOPICS.households]: { sent: 1, valid: 1, invalid: 0, duplicates: 0, by_fault: {} } },
      total: 2,
      out_of_order: 0,
      late_batched: 0,
    };
    const lines: string[] = [];
    const closed: object[] = [];
    await publishGeneration(
      {
        config: { seed: 3, households: 1 },
        streamStart: t0,
        end: t0 + 86_400_000,
        records: () => records,
        counts: () => counts,
      },
      {
        finish: (extra) => {
          closed.push(extra);
          return null;
        },
      },
      {
        name: 'test',
        speedup: null,
        batchSize: 10,
        dryRun: true,
        logger: createLogger('test', 'silent'),
        print: (l) => lines.push(l),
      },
    );
    expect(lines[0]).toBe(
      'test seed 3: 1 households, 2026-11-02T00:00:00+08:00 → 2026-11-03T00:00:00+08:00, as fast as possible, dry run',
    );
    expect(lines.some((l) => /^sent 2 records \(1 registry\) in /.test(l))).toBe(true);
    expect(lines.some((l) => l.includes(TOPICS.households) && l.includes('sent          1'))).toBe(true);
    expect(closed).toEqual([{ counts, replay: expect.objectContaining({ sent: 2, registry: 1 }) }]);
  });
});
