// The first send's latency of a producer, cold (connected only) against warm (`warmProducer` for
// the topic first), in the same run, rounds alternating: node packages/kafka/bench/first-send.ts
// [rounds] with KAFKA_BROKERS set. `via relay` reaches the cluster through a TCP relay, so the
// leader's connection is not the bootstrap one (as on a cluster of several brokers, where most
// leaders are not the bootstrap broker); `direct` bootstraps on the broker itself (one broker: the
// leader's connection is the bootstrap's, already open). Each first send writes one record to
// each of the topic's 3 partitions; `second` is the same producer's next send, the floor.
import { randomUUID } from 'node:crypto';
import { createLogger } from '@onegrid/logging';
import { tcpRelay } from '../../../test/support/tcp-relay.ts';
import { createKafka } from '../src/client.ts';
import { loadKafkaConfig } from '../src/config.ts';
import { warmProducer } from '../src/warm.ts';

const rounds = Number(process.argv[2] ?? 10);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const logger = createLogger('bench', 'silent');
const topic = `onegrid.bench.first-send.${randomUUID()}`;
const admin = createKafka(loadKafkaConfig({ KAFKA_BROKERS: brokers }), logger).admin();
await admin.connect();
await admin.createTopics([{ topic, partitions: 3, replicationFactor: 1 }]);
const relay = await tcpRelay(0, brokers.split(',')[0] ?? '');

const messages = [0, 1, 2].map((partition) => ({ key: `k${partition}`, value: 'x', partition }));
const timed = async (send: () => Promise<unknown>) => {
  const start = performance.now();
  await send();
  return performance.now() - start;
};

type Key = `${'direct' | 'via relay'} ${'cold' | 'warm'}`;
const firsts = new Map<Key, number[]>();
const seconds = new Map<Key, number[]>();
for (let round = 0; round < rounds; round++)
  for (const path of ['direct', 'via relay'] as const)
    for (const state of round % 2 === 0 ? (['cold', 'warm'] as const) : (['warm', 'cold'] as const)) {
      const bootstrap = path === 'direct' ? brokers : `127.0.0.1:${relay.port}`;
      const producer = createKafka(
        loadKafkaConfig({ KAFKA_BROKERS: bootstrap, ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT }),
        logger,
      ).producer({
        idempotent: false,
      });
      await producer.connect();
      if (state === 'warm') await warmProducer(producer, [topic], { withinMs: 10_000 });
      const key: Key = `${path} ${state}`;
      firsts.set(key, [...(firsts.get(key) ?? []), await timed(() => producer.send({ topic, messages }))]);
      seconds.set(key, [...(seconds.get(key) ?? []), await timed(() => producer.send({ topic, messages }))]);
      await producer.disconnect();
    }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const max = (xs: number[]) => Math.max(...xs);
console.log(`client ${process.env.ONEGRID_KAFKA_CLIENT ?? 'kafkajs'}, ${rounds} rounds, ms (median / max)`);
for (const key of firsts.keys())
  console.log(
    `${key.padEnd(15)} first ${median(firsts.get(key) ?? []).toFixed(1)} / ${max(firsts.get(key) ?? []).toFixed(1)}` +
      `   second ${median(seconds.get(key) ?? []).toFixed(1)} / ${max(seconds.get(key) ?? []).toFixed(1)}`,
  );
await relay.close();
await admin.deleteTopics([topic]);
await admin.disconnect();
