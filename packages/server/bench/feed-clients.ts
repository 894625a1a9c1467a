// Child process of feed-1000-clients.ts: opens N `ws` clients, subscribes each to every channel and
// measures, per value received, publish→receive (end to end) and delta-formed→receive (delivery).
// Runs apart from the server so the clients' parsing does not share (and distort) its event loop.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { WebSocket } from 'ws';

interface Start {
  url: string;
  clients: number;
  channels: string[];
}

const now = () => performance.timeOrigin + performance.now();
const histogram = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });

let endToEnd = histogram();
let delivery = histogram();
let frames = 0;
let values = 0;
let gaps = 0;
let snapshots = 0;
let closed = 0;
const sockets: WebSocket[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

function onFrame(lastSeq: Map<string, number>, text: string): void {
  const at = now();
  frames++;
  const frame = JSON.parse(text) as {
    type: string;
    channel: string;
    seq: number;
    ts: string;
    upserts?: Record<string, { sent_at: number }>;
  };
  if (frame.type === 'snapshot') {
    snapshots++;
    lastSeq.set(frame.channel, frame.seq);
    return;
  }
  if (frame.type !== 'delta') return;
  const previous = lastSeq.get(frame.channel);
  if (previous !== undefined && frame.seq !== previous + 1) gaps++;
  lastSeq.set(frame.channel, frame.seq);
  delivery.recordValue(Math.max(1, Math.round((at - Date.parse(frame.ts)) * 1000)));
  for (const value of Object.values(frame.upserts ?? {})) {
    values++;
    endToEnd.recordValue(Math.max(1, Math.round((at - value.sent_at) * 1000)));
  }
}

async function connectAll(start: Start): Promise<void> {
  const subscribe = JSON.stringify({
    type: 'subscribe',
    channels: start.channels.map((channel) => ({ channel })),
  });
  const batch = 50;
  for (let i = 0; i < start.clients; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, start.clients - i) }, () => {
        const socket = new WebSocket(start.url);
        const lastSeq = new Map<string, number>();
        sockets.push(socket);
        socket.on('message', (data) => onFrame(lastSeq, data.toString()));
        socket.on('close', () => closed++);
        return new Promise<void>((resolve, reject) => {
          socket.once('open', () => {
            socket.send(subscribe);
            resolve();
          });
          socket.once('error', reject);
        });
      }),
    );
  }
}

process.on('message', async (message: { type: string } & Partial<Start>) => {
  if (message.type === 'start') {
    await connectAll(message as Start);
    process.send?.({ type: 'connected', clients: sockets.length });
  } else if (message.type === 'measure') {
    endToEnd = histogram();
    delivery = histogram();
    frames = 0;
    values = 0;
    gaps = 0;
    loopDelay.reset();
    loopDelay.enable();
  } else if (message.type === 'report') {
    process.send?.({
      type: 'report',
      frames,
      values,
      gaps,
      snapshots,
      closed,
      endToEnd: hdr.encodeIntoCompressedBase64(endToEnd),
      delivery: hdr.encodeIntoCompressedBase64(delivery),
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    });
  } else if (message.type === 'stop') {
    for (const socket of sockets) socket.terminate();
    process.disconnect();
  }
});
