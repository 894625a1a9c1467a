import { createHash } from 'node:crypto';
import { decoderFor, TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { createGeneration, generate } from './generate.ts';
import { INVALID_FAULTS } from './record.ts';
import { collectTruth } from './truth.ts';

const digest = (options: Parameters<typeof generate>[0]): string => {
  const hash = createHash('sha256');
  for (const r of generate(options)) hash.update(`${r.topic}|${r.key}|${r.arrivalTime}|`).update(r.value);
  return hash.digest('hex');
};

describe('generate > determinism', () => {
  it('gives the same bytes for the same seed and other bytes for another', () => {
    const a = digest({ seed: 7, households: 60, days: 2 });
    expect(digest({ seed: 7, households: 60, days: 2 })).toBe(a);
    expect(digest({ seed: 8, households: 60, days: 2 })).not.toBe(a);
  }, 60_000); // three generations: slow on a loaded machine, not a speed assertion
});

describe('generate > stream', () => {
  const truth = collectTruth();
  const g = createGeneration({ seed: 3, households: 150, days: 3 }, truth);
  const records = [...g.records()];

  it('sends the registry first, then readings in arrival order', () => {
    const firstReading = records.findIndex((r) => r.topic === TOPICS.meterReadings);
    expect(firstReading).toBe(150);
    const backwards = records.filter(
      (r, i) => i > 0 && r.arrivalTime < (records[i - 1]?.arrivalTime as number),
    );
    expect(backwards).toEqual([]);
  });

  it('passes the contracts with every valid message and fails them with every invalid copy', () => {
    let invalid = 0;
    for (const r of records) {
      const result = decoderFor(r.topic)(r.value);
      if (r.fault !== null && INVALID_FAULTS.includes(r.fault) && r.fault !== 'unknown_id') {
        expect(result.ok, `${r.fault}: ${String(r.value)}`).toBe(false);
        invalid++;
      } else expect(result.ok, String(r.value)).toBe(true);
    }
    expect(invalid).toBeGreaterThan(0);
  }, 60_000); // ~86k decodes: slow on a loaded machine, not a speed assertion

  it('counts what it yielded and ends the truth with the counts', () => {
    const counts = g.counts();
    expect(counts.total).toBe(records.length);
    expect(truth.entries.at(-1)?.type).toBe('counts');
    expect(truth.entries[0]?.type).toBe('scenario');
    expect(truth.entries.filter((e) => e.type === 'population')).toHaveLength(150);
  });
});
