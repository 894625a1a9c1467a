import { TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { numberFlag, plantRates, topicCountLines } from './cli-support.ts';
import { type Counts, countRecord } from './counts.ts';
import { FeedIoError } from './errors.ts';

describe('cli-support > numberFlag', () => {
  it('reads a number, and undefined when the flag is absent', () => {
    expect(numberFlag('seed', '42')).toBe(42);
    expect(numberFlag('seed', undefined)).toBeUndefined();
  });

  it('throws INVALID_CONFIG naming the flag and the text', () => {
    expect(() => numberFlag('hours', 'ten')).toThrow(FeedIoError);
    expect(() => numberFlag('hours', 'ten')).toThrow('--hours: expected a number, got "ten"');
  });
});

describe('cli-support > plantRates', () => {
  it('reads K=N pairs, and names a bad value', () => {
    expect(plantRates('incident=40, waterRunning=10')).toEqual({ incident: 40, waterRunning: 10 });
    expect(() => plantRates('incident=x')).toThrow('--plant incident');
  });
});

describe('counts > countRecord', () => {
  it('counts a duplicate as valid and a malformed copy as invalid', () => {
    const counts: Counts = {};
    const base = { topic: TOPICS.meterReadings, key: 'M', value: '{}', arrivalTime: 0 } as const;
    countRecord(counts, { ...base, fault: null });
    countRecord(counts, { ...base, fault: 'duplicate' });
    countRecord(counts, { ...base, fault: 'malformed' });
    expect(counts[TOPICS.meterReadings]).toEqual({
      sent: 3,
      valid: 2,
      invalid: 1,
      duplicates: 1,
      by_fault: { duplicate: 1, malformed: 1 },
    });
    expect(topicCountLines(counts)).toEqual([
      `  ${TOPICS.meterReadings.padEnd(30)} sent          3  valid          2  invalid       1  duplicates 1`,
    ]);
  });
});
