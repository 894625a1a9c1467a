import { describe, expect, it } from 'vitest';
import { tcpRelay } from './tcp-relay.ts';

describe('test support > tcpRelay', () => {
  it('rejects when its port is taken, instead of an uncaught EADDRINUSE', async () => {
    const first = await tcpRelay(0, '127.0.0.1:9');
    try {
      await expect(tcpRelay(first.port, '127.0.0.1:9')).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });
});
