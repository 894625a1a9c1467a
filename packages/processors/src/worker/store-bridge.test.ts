import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bridgedStore } from './store-bridge.ts';

// The worker's end only: what crosses the port for an INSERT. The owner's end against the real
// engine is store-bridge.e2e.test.ts.
describe('processors > worker > store bridge > exec body', () => {
  it('carries a body streamed in chunks byte for byte, a character cut between two chunks too', async () => {
    const channel = new MessageChannel();
    const crossed = new Promise<Uint8Array>((resolve) =>
      channel.port1.once('message', (request: { id: number; body: Uint8Array }) => {
        resolve(request.body);
        channel.port1.postMessage({ id: request.id, ok: true });
      }),
    );
    const text = '{"name":"张三","address":"浦东新区"}\n';
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(Buffer.from('张', 'utf8')) + 1; // inside the character's three bytes
    try {
      await bridgedStore(channel.port2).exec({
        query: 'INSERT INTO t FORMAT JSONEachRow',
        values: Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)], { objectMode: false }),
      });
      expect(Buffer.from(await crossed).toString('utf8')).toBe(text);
    } finally {
      channel.port1.close();
    }
  });
});
