// Throughput of decode on valid messages, per topic. Run: node bench/decode.ts
import { decoderFor } from '../src/decoders.ts';
import { STREAMS_EXAMPLES } from '../src/fixtures/streams-examples.ts';
import { decode } from '../src/parse.ts';
import { toEpochMs } from '../src/time.ts';
import { TOPIC_SCHEMAS } from '../src/topic-schemas.ts';
import { TOPICS, type Topic } from '../src/topics.ts';

const encoder = new TextEncoder();
const N = 300_000;

function run(name: string, fn: () => unknown): void {
  for (let i = 0; i < N / 10; i++) fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < N; i++) fn();
  const us = ((performance.now() - start) * 1000) / N;
  console.log(
    `${name.padEnd(48)} ${us.toFixed(3)} µs/msg  ${Math.round(1e6 / us).toLocaleString('en')} msg/s`,
  );
}

for (const [topic, lines] of Object.entries(STREAMS_EXAMPLES)) {
  const schema = TOPIC_SCHEMAS[topic as keyof typeof TOPIC_SCHEMAS];
  const bytes = encoder.encode(lines[0]);
  run(`decode ${topic}`, () => decode(schema, bytes));
  const fast = decoderFor(topic as Topic);
  run(`decoderFor ${topic}`, () => fast(bytes));
}
const bad = encoder.encode(STREAMS_EXAMPLES[TOPICS.meterReadings][0].replace('"m3"', '"kWh"'));
run('decode invalid meter reading (failure path)', () => decode(TOPIC_SCHEMAS[TOPICS.meterReadings], bad));
run('toEpochMs', () => toEpochMs('2026-09-14T08:15:00+08:00'));
run('Date.parse (for comparison)', () => Date.parse('2026-09-14T08:15:00+08:00'));
