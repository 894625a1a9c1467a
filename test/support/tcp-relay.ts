import { createServer, type Server, Socket } from 'node:net';

/** A port free now (the kernel's choice), for a server that is to listen on it later. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Relays every connection to `port` (0: a free one) on 127.0.0.1 to `to` (host:port), for a
 * Kafka bootstrap address that answers late or goes away (the brokers' metadata names their own
 * addresses, so only the bootstrap connections pass through it). `close` cuts them all.
 */
export async function tcpRelay(
  port: number,
  to: string,
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const at = to.lastIndexOf(':');
  const [host, targetPort] = [to.slice(0, at), Number(to.slice(at + 1))];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(targetPort, host);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
    };
    sockets.add(client);
    client.on('error', end);
    client.on('close', end);
    upstream.on('error', end);
    upstream.on('close', end);
  });
  // A port taken meanwhile (EADDRINUSE) rejects here, not as an uncaught error.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
