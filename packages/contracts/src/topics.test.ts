import { describe, expect, it } from 'vitest';
import {
  ALL_TOPICS,
  dlqTopic,
  INPUT_TOPICS,
  isTopic,
  OUTPUT_TOPICS,
  REGISTRY_TOPICS,
  TOPIC_KEYS,
  TOPICS,
} from './topics.ts';

describe('topics > TOPICS', () => {
  it('names the contract topics', () => {
    expect(TOPICS.meterReadings).toBe('city.sensor.meter-readings');
    expect(TOPICS.riskScores).toBe('onegrid.risk-scores');
  });

  it('lists each topic in exactly one of inputs, registries and outputs', () => {
    const grouped = [...INPUT_TOPICS, ...REGISTRY_TOPICS, ...OUTPUT_TOPICS];
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual(Object.values(TOPICS).sort());
    expect(ALL_TOPICS).toEqual(grouped);
  });

  it('has a key field for every topic', () => {
    expect(Object.keys(TOPIC_KEYS).sort()).toEqual([...ALL_TOPICS].sort());
    expect(TOPIC_KEYS[TOPICS.alerts]).toBe('subject');
  });
});

describe('topics > dlqTopic', () => {
  it('appends .dlq', () => {
    expect(dlqTopic(TOPICS.meterReadings)).toBe('city.sensor.meter-readings.dlq');
  });
});

describe('topics > isTopic', () => {
  it('knows contract topics', () => {
    expect(isTopic('city.tickets.events')).toBe(true);
  });

  it('rejects other names, including dead-letter topics', () => {
    expect(isTopic('city.tickets.events.dlq')).toBe(false);
    expect(isTopic('toString')).toBe(false);
  });
});
