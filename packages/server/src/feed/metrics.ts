import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface FeedMetrics {
  readonly clients: Gauge;
  readonly framesSent: Counter<'type'>;
  readonly bytesSent: Counter;
  readonly slowClients: Counter<'action'>;
  readonly deadClients: Counter;
  readonly clientErrors: Counter<'code'>;
  readonly fanoutSeconds: Histogram;
}

/** The feed's Prometheus metrics, registered once per registry. */
export function feedMetrics(registry: Registry): FeedMetrics {
  const cached = byRegistry.get(registry);
  if (cached !== undefined) return cached;
  const registers = [registry];
  const metrics: FeedMetrics = {
    clients: new Gauge({ name: 'onegrid_feed_clients', help: 'Open WebSocket feed connections', registers }),
    framesSent: new Counter({
      name: 'onegrid_feed_frames_sent_total',
      help: 'Frames handed to client sockets, by type (snapshot, delta, heartbeat, error)',
      labelNames: ['type'],
      registers,
    }),
    bytesSent: new Counter({
      name: 'onegrid_feed_bytes_sent_total',
      help: 'Bytes of frames handed to sockets',
      registers,
    }),
    slowClients: new Counter({
      name: 'onegrid_feed_slow_clients_total',
      help: 'Clients over the send-buffer bound: paused (deltas withheld), resynced (snapshot after draining), dropped',
      labelNames: ['action'],
      registers,
    }),
    deadClients: new Counter({
      name: 'onegrid_feed_dead_clients_total',
      help: 'Connections closed because no pong came back within a heartbeat',
      registers,
    }),
    clientErrors: new Counter({
      name: 'onegrid_feed_client_errors_total',
      help: 'Client frames refused, by error code',
      labelNames: ['code'],
      registers,
    }),
    fanoutSeconds: new Histogram({
      name: 'onegrid_feed_fanout_seconds',
      help: 'Time to hand one delta to every subscribed socket',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

const byRegistry = new WeakMap<Registry, FeedMetrics>();
