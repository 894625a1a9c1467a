import { describe, expect, it } from 'vitest';
import { decoderFor, streamCodec } from './decoders.ts';
import { REGISTRY_EXAMPLES, STREAMS_EXAMPLES } from './fixtures/streams-examples.ts';
import { decode } from './parse.ts';
import { TOPIC_SCHEMAS } from './topic-schemas.ts';
import { ALL_TOPICS, TOPICS, type Topic } from './topics.ts';

const EXAMPLES: Record<Topic, readonly string[]> = { ...STREAMS_EXAMPLES, ...REGISTRY_EXAMPLES };
const JUNK: unknown[] = [undefined, null, -1, 0, 0.5, 1e300, '', 'x', '3101', true, [], [1], {}, { a: 1 }];

/** Every example, then every example with each field in turn set to each junk value. */
function variants(topic: Topic): string[] {
  const out: string[] = [];
  for (const line of EXAMPLES[topic]) {
    out.push(line);
    const message = JSON.parse(line) as Record<string, unknown>;
    for (const field of [...Object.keys(message), 'extra']) {
      for (const value of JUNK) out.push(JSON.stringify({ ...message, [field]: value }));
    }
  }
  return out;
}

describe('decoders > decoderFor', () => {
  it('returns the same decoder for the same topic', () => {
    expect(decoderFor(TOPICS.waterLevels)).toBe(decoderFor(TOPICS.waterLevels));
  });

  it.each(ALL_TOPICS)('gives exactly what decode gives on %s messages', (topic) => {
    const fast = decoderFor(topic);
    for (const text of variants(topic)) expect(fast(text), text).toEqual(decode(TOPIC_SCHEMAS[topic], text));
  });

  it('still masks personal data', () => {
    const text = REGISTRY_EXAMPLES[TOPICS.households][0].replace('"+8613800000000"', '"+86 not a number"');
    const result = decoderFor(TOPICS.households)(text);
    expect(result.ok || result.error.reason).toBe(
      'contacts[0].phone: expected phone number, got [personal data, masked]',
    );
  });
});

describe('decoders > streamCodec', () => {
  it("decodes a processor's schema as decode does, and routes dead letters to <topic>.dlq", () => {
    const schema = TOPIC_SCHEMAS[TOPICS.meterReadings];
    const decoder = streamCodec.decoder(schema);
    for (const text of variants(TOPICS.meterReadings))
      expect(decoder(text), text).toEqual(decode(schema, text));
    expect(decoder(Buffer.from([0xff, 0xfe]))).toMatchObject({
      ok: false,
      error: { code: 'malformed_json' },
    });
    expect(streamCodec.deadLetterTopic(TOPICS.waterLevels)).toBe(`${TOPICS.waterLevels}.dlq`);
  });
});
