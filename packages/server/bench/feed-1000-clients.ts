// Benchmark: 1,000 WebSocket clients subscribed to every channel of the feed on loopback, 10
// updates per second per channel. Prints delivery latency p50/p99/max and the server's memory,
// then the same load through a bare `ws` broadcast (no hub, no coalescing: every update sent to
// every client as it comes) as the baseline, and the ratios.
//
//   node packages/server/bench/feed-1000-clients.ts [--clients 1000] [--seconds 60] [--rate 10] [--flush-ms 250[,150]]
//
// Each server (the hub once per flush interval, then the baseline) runs in a fresh process, so its
// memory figures are its own; the clients live in other child processes (`--client-procs`, default
// 2), so their JSON parsing neither shares the server's event loop nor delays its sends. Each
// process's event-loop delay is reported: a starved client process inflates the latencies.
import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createLogger } from '@onegrid/logging';
import * as hdr from 'hdr-histogram-js';
import { WebSocketServer } from 'ws';
import { buildServer } from '../src/build-server.ts';
import { loadServerConfig } from '../src/config.ts';
import { FEED_CHANNELS } from '../src/feed/channels.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '10' },
    'flush-ms': { type: 'string', default: '250' },
    warmup: { type: 'string', default: '5' },
    'client-procs': { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const WARMUP_S = Number(args.warmup);
const CLIENT_PROCS = Number(args['client-procs']);
const TOKEN = 'bench-display-token-0000000001';
const KEYS = 16;
const PAD = 'x'.repeat(120);

interface ChildReport {
  frames: number;
  values: number;
  gaps: number;
  snapshots: number;
  closed: number;
  endToEnd: string;
  delivery: string;
  loopDelayP99Ms: number;
}

const summary = (h: hdr.Histogram) => ({
  p50_ms: h.getValueAtPercentile(50) / 1000,
  p99_ms: h.getValueAtPercentile(99) / 1000,
  max_ms: h.maxValue / 1000,
});

/** Sums the client processes' counts and merges their histograms. */
function merge(reports: ChildReport[]) {
  const merged = (pick: (r: ChildReport) => string) => {
    const [first, ...rest] = reports.map((r) => hdr.decodeFromCompressedBase64(pick(r)));
    if (first === undefined) throw new Error('no client report');
    for (const h of rest) first.add(h);
    return summary(first);
  };
  const sum = (pick: (r: ChildReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  return {
    frames: sum((r) => r.frames),
    values: sum((r) => r.values),
    gaps: sum((r) => r.gaps),
    snapshots: sum((r) => r.snapshots),
    closed: sum((r) => r.closed),
    end_to_end: merged((r) => r.endToEnd),
    delivery: merged((r) => r.delivery),
    client_loop_delay_p99_ms: Math.max(...reports.map((r) => r.loopDelayP99Ms)),
  };
}

const now = () => performance.timeOrigin + performance.now();
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const memory = () => {
  const m = process.memoryUsage();
  return { rss_mb: mb(m.rss), heap_mb: mb(m.heapUsed) };
};

function ask<T>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== answer) return;
      child.off('message', onMessage);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Publishes RATE updates per second per channel; each value carries its send time. */
function startPublishing(publish: (channel: string, key: string, value: object) => void): () => void {
  let n = 0;
  const timer = setInterval(() => {
    n++;
    for (const channel of FEED_CHANNELS) publish(channel, `k${n % KEYS}`, { sent_at: now(), n, pad: PAD });
  }, 1000 / RATE);
  return () => clearInterval(timer);
}

async function measure(
  label: string,
  url: string,
  publish: (channel: string, key: string, value: object) => void,
  feedStats: () => { stalled: number; bufferedBytes: number } = () => ({ stalled: 0, bufferedBytes: 0 }),
) {
  const children = Array.from({ length: CLIENT_PROCS }, () =>
    fork(new URL('./feed-clients.ts', import.meta.url), { stdio: 'inherit' }),
  );
  const before = memory();
  const started = performance.now();
  await Promise.all(
    children.map((child, i) => {
      const clients = Math.floor(CLIENTS / CLIENT_PROCS) + (i < CLIENTS % CLIENT_PROCS ? 1 : 0);
      return ask(child, { type: 'start', url, clients, channels: [...FEED_CHANNELS] }, 'connected');
    }),
  );
  const connectS = (performance.now() - started) / 1000;
  const stop = startPublishing(publish);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  for (const child of children) child.send({ type: 'measure' });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const atStart = memory();
  let peakRss = atStart.rss_mb;
  let peakBuffered = 0;
  let peakStalled = 0;
  const rssEvery10s: number[] = [];
  let tick = 0;
  const sampler = setInterval(() => {
    const { rss_mb } = memory();
    peakRss = Math.max(peakRss, rss_mb);
    if (tick++ % 10 === 0) rssEvery10s.push(rss_mb);
    const stats = feedStats();
    peakBuffered = Math.max(peakBuffered, stats.bufferedBytes);
    peakStalled = Math.max(peakStalled, stats.stalled);
  }, 1000);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const reports = await Promise.all(
    children.map((child) => ask<ChildReport>(child, { type: 'report' }, 'report')),
  );
  clearInterval(sampler);
  loopDelay.disable();
  stop();
  const atEnd = memory();
  for (const child of children) child.send({ type: 'stop' });
  await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))));
  const totals = merge(reports);
  const row = {
    label,
    flush_ms: label === 'hub' ? Number(args['flush-ms']) : null,
    connect_s: Math.round(connectS * 10) / 10,
    updates_delivered:
      Math.round((totals.values / (CLIENTS * FEED_CHANNELS.length * RATE * SECONDS)) * 1000) / 1000,
    server_loop_delay_p99_ms: loopDelay.percentile(99) / 1e6,
    peak_queued_mb: mb(peakBuffered),
    peak_stalled_clients: peakStalled,
    before,
    atStart,
    atEnd,
    peak_rss_mb: peakRss,
    rss_every_10s_mb: rssEvery10s,
    ...totals,
  };
  console.log(JSON.stringify(row));
  return row;
}

async function hub() {
  const config = loadServerConfig({
    ONEGRID_TOKENS: `${TOKEN}:display`,
    ONEGRID_RATE_LIMIT_PER_MIN: '1000000',
    ONEGRID_FEED_FLUSH_MS: args['flush-ms'],
  });
  const app = buildServer({ logger: createLogger('bench', 'warn'), config, healthChecks: {} });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const row = await measure(
    'hub',
    `${base.replace('http', 'ws')}/api/feed?token=${TOKEN}`,
    (channel, key, value) => app.live.publish(channel as 'risk', { upserts: { [key]: value as never } }),
    () => app.feed.stats(),
  );
  await app.close();
  return row;
}

async function baseline() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const { port } = wss.address() as { port: number };
  const seq = new Map<string, number>();
  const row = await measure('baseline', `ws://127.0.0.1:${port}`, (channel, key, value) => {
    const next = (seq.get(channel) ?? 0) + 1;
    seq.set(channel, next);
    const frame = Buffer.from(
      JSON.stringify({
        type: 'delta',
        channel,
        seq: next,
        ts: new Date().toISOString(),
        upserts: { [key]: value },
        removes: [],
      }),
    );
    for (const client of wss.clients) client.send(frame, { binary: false });
  });
  for (const client of wss.clients) client.terminate();
  await new Promise((r) => wss.close(r));
  return row;
}

async function runApart(only: string, flushMs: string): Promise<Awaited<ReturnType<typeof measure>>> {
  const argv = [
    '--clients',
    String(CLIENTS),
    '--seconds',
    String(SECONDS),
    '--rate',
    String(RATE),
    '--client-procs',
    String(CLIENT_PROCS),
  ];
  const child = fork(
    new URL(import.meta.url),
    [...argv, '--warmup', String(WARMUP_S), '--flush-ms', flushMs, '--only', only],
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (row) => resolve(row as Awaited<ReturnType<typeof measure>>));
    child.once('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`${only} run exited with ${code}`)),
    );
  });
}

if (args.only !== undefined) {
  const row = args.only === 'hub' ? await hub() : await baseline();
  process.send?.(row);
  process.disconnect?.();
} else {
  console.log(
    `feed bench: ${CLIENTS} clients × ${FEED_CHANNELS.length} channels, ${RATE} updates/s per channel, ` +
      `${SECONDS} s measured after ${WARMUP_S} s warm-up, ${CLIENT_PROCS} client processes, Node ${process.version}, ` +
      `load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const hubs = [];
  for (const flushMs of (args['flush-ms'] ?? '250').split(','))
    hubs.push({ flushMs, row: await runApart('hub', flushMs) });
  const b = await runApart('baseline', '0');
  const ratio = (a: number, c: number) => Math.round((a / c) * 100) / 100;
  for (const { flushMs, row: h } of hubs) {
    console.log(
      JSON.stringify({
        [`hub_${flushMs}ms_vs_baseline`]: {
          delivery_p99: ratio(h.delivery.p99_ms, b.delivery.p99_ms),
          end_to_end_p99: ratio(h.end_to_end.p99_ms, b.end_to_end.p99_ms),
          updates_delivered: ratio(h.updates_delivered, b.updates_delivered),
          frames_sent: ratio(h.frames, b.frames),
          peak_rss: ratio(h.peak_rss_mb, b.peak_rss_mb),
        },
      }),
    );
  }
}
