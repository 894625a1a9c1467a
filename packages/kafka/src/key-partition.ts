/**
 * The partition Kafka's default partitioner gives a keyed message (Java's `Utils.murmur2` of the
 * key's UTF-8 bytes, sign bit masked, modulo the partition count), in 32-bit integer arithmetic.
 * Both clients' own implementations compute it with a BigInt per step: kafkajs's `Long` (about
 * 15 BigInts for a household id) and @platformatic/kafka's; the packed internal topics ask for a
 * partition per key and flush, and kafkajs's was the chain's largest allocation left after JSON
 * (issue 17). Same partitions as both (key-partition.test.ts compares them key by key).
 */
export function keyPartition(key: string, partitions: number): number {
  // A key's UTF-8 bytes in a buffer reused from call to call (a long key gets its own).
  const data = key.length * 3 <= scratch.length ? scratch : Buffer.from(key, 'utf8');
  const length = data === scratch ? scratch.write(key, 0, 'utf8') : data.length;
  return (murmur2(data, length) & 0x7fffffff) % partitions;
}

const M = 0x5bd1e995;
const scratch = Buffer.allocUnsafe(1024);

function murmur2(data: Buffer, length: number): number {
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data.readInt32LE(i4);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // The tail bytes, as murmur2's fall-through switch mixes them.
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2] as number) << 16;
  if (rest >= 2) h ^= (data[tail + 1] as number) << 8;
  if (rest >= 1) {
    h ^= data[tail] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}
