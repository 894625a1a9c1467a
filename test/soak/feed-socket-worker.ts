// The feed client's WebSocket on a thread of its own (feed-replica.ts): each frame is stamped
// with its arrival here, so the soak's main thread (its topic reader, the sampler, the latency
// bookkeeping: its loop held up to 1.1 s per 2 s in the run of 2026-12-07 06:27) does not count
// as the screen's delay. A screen's browser is another process on another machine.
import type { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

/** From the owner: a frame to send, the socket to pause (a frozen screen) or to end. */
export type ToSocket = { kind: 'send'; text: string } | { kind: 'pause' } | { kind: 'terminate' };
/** To the owner: the socket's events, each frame with the time it arrived (epoch ms). */
export type FromSocket =
  | { kind: 'open' }
  | { kind: 'message'; text: string; at: number }
  | { kind: 'close'; code: number; reason: string; at: number };

const port = parentPort;
if (port === null) throw new Error('feed-socket-worker.ts runs as a worker thread only');
const post = (message: FromSocket) => port.postMessage(message);
const socket = new WebSocket((workerData as { url: string }).url);
socket.on('open', () => post({ kind: 'open' }));
socket.on('message', (raw) => post({ kind: 'message', text: raw.toString(), at: Date.now() }));
socket.on('close', (code, reason) =>
  post({ kind: 'close', code, reason: reason.toString(), at: Date.now() }),
);
// A refused or reset connection is followed by 'close'.
socket.on('error', () => undefined);
port.on('message', (message: ToSocket) => {
  if (message.kind === 'send') socket.send(message.text);
  else if (message.kind === 'pause') (socket as unknown as { _socket?: Socket })._socket?.pause();
  else socket.terminate();
});
