import { describe, expect, it } from 'vitest';
import { REGISTRY_EXAMPLES, STREAMS_EXAMPLES } from './fixtures/streams-examples.ts';
import { decode } from './parse.ts';
import { TOPIC_SCHEMAS, type TopicValue } from './topic-schemas.ts';
import { ALL_TOPICS, TOPIC_KEYS, type Topic } from './topics.ts';

const examples = Object.entries({ ...STREAMS_EXAMPLES, ...REGISTRY_EXAMPLES }).flatMap(([topic, lines]) =>
  lines.map((line, i) => ({ name: `${topic} #${i + 1}`, topic: topic as Topic, line })),
);

describe('contract > STREAMS.md examples', () => {
  it('has an example for every topic', () => {
    expect(new Set(examples.map((e) => e.topic))).toEqual(new Set(ALL_TOPICS));
  });

  it.each(examples)('decodes $name', ({ topic, line }) => {
    const result = decode(TOPIC_SCHEMAS[topic], new TextEncoder().encode(line));
    expect(result).toEqual({ ok: true, value: JSON.parse(line) });
  });

  it.each(examples)('keys $name by a non-empty string', ({ topic, line }) => {
    const result = decode(TOPIC_SCHEMAS[topic], line);
    const key = result.ok ? (result.value as Record<string, unknown>)[TOPIC_KEYS[topic]] : undefined;
    expect(typeof key === 'string' && key.length > 0).toBe(true);
  });

  it('types every key field as a required string (checked by tsc)', () => {
    type Field<V, K> = K extends keyof V ? V[K] : never;
    type KeyType<T extends Topic> = Field<TopicValue<T>, (typeof TOPIC_KEYS)[T]>;
    type KeyIsString = {
      [T in Topic]: [KeyType<T>] extends [never] ? never : KeyType<T> extends string ? true : never;
    };
    const checked: KeyIsString = {
      'city.sensor.meter-readings': true,
      'city.weather.observations': true,
      'city.hydro.water-levels': true,
      'city.tickets.events': true,
      'city.emergency.evacuations': true,
      'city.emergency.resources': true,
      'city.weather.typhoon-advisories': true,
      'city.registry.households': true,
      'city.registry.gauges': true,
      'city.registry.stations': true,
      'city.registry.shelters': true,
      'onegrid.alerts': true,
      'onegrid.risk-scores': true,
    };
    expect(Object.keys(checked)).toHaveLength(ALL_TOPICS.length);
  });
});
