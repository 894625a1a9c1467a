/**
 * Splits messages into consecutive chunks of at most `maxBytes` of keys and values (a single
 * larger message makes a chunk of its own). A broker refuses a produce request whose batch for
 * one partition passes its `max.message.bytes` (1 MiB by default), and a refused request would
 * be retried forever: a sink's buffer of 20,000 results must go out in several requests.
 */
export function chunkBySize<M extends { key: string; value: string }>(
  messages: readonly M[],
  maxBytes: number,
): M[][] {
  const chunks: M[][] = [];
  let current: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
