/**
 * The most one fetch may bring back, all partitions together. @platformatic/kafka 2.12.1 reads
 * a response through a DynamicBuffer that finds each field's chunk by walking the socket chunks
 * from the first (`#findInitialBuffer`), so decoding costs the response's size times its chunk
 * count. With the client's default (50 MB) the record decoding took half the stream runtime's
 * busy time; measured on `packages/stream/bench/windowed-throughput.ts` (issue 17, per
 * CPU-second, same run): raw consume 172–179k/s at 50 MB, 264–274k at 4 MiB, 378–391k at
 * 1 MiB. The broker still returns a record batch larger than this whole, so nothing stalls.
 */
export const FETCH_MAX_BYTES = 1024 * 1024;
