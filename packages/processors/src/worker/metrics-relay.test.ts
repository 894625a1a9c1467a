import { streamMetrics } from '@onegrid/stream';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { relayedMetrics, replayMetrics } from './metrics-relay.ts';

/** A metric's values by their labels, as a scrape would read them. */
async function valuesOf(registry: Registry, name: string) {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).map((v) => ({
    labels: v.labels,
    value: v.value,
    ...('metricName' in v ? { metricName: v.metricName } : {}),
  }));
}

describe('processors > worker > metrics relay', () => {
  it("puts the worker's counters, gauges and histograms on the owner's registry, exactly", async () => {
    const workerRegistry = new Registry();
    const relay = relayedMetrics(streamMetrics(workerRegistry));
    const m = relay.metrics;
    m.eventsIn.inc({ processor: 'utility-inactivity', topic: 't' }, 5);
    m.eventsIn.inc({ processor: 'utility-inactivity', topic: 't' }, 7);
    m.commits.inc({ processor: 'utility-inactivity', outcome: 'ok' });
    m.keysByModel.set({ processor: 'utility-inactivity', partition: '3', model: 'learnt' }, 10);
    m.keysByModel.set({ processor: 'utility-inactivity', partition: '3', model: 'learnt' }, 12);
    m.sinks.rowsWritten.inc({ sink: 'clickhouse:household_usage_hourly' }, 20_000);
    const stop = m.sinks.flushSeconds.startTimer({ sink: 'clickhouse:household_usage_hourly' });
    const seconds = stop({ outcome: 'ok' });

    const ownerRegistry = new Registry();
    const owner = streamMetrics(ownerRegistry);
    // The owner's own processors keep their series beside the worker's.
    owner.eventsIn.inc({ processor: 'archive.city.sensor.meter-readings', topic: 'm' }, 3);
    replayMetrics(owner, relay.take());

    expect(await valuesOf(ownerRegistry, 'onegrid_stream_events_in_total')).toEqual([
      { labels: { processor: 'archive.city.sensor.meter-readings', topic: 'm' }, value: 3 },
      { labels: { processor: 'utility-inactivity', topic: 't' }, value: 12 },
    ]);
    expect(await valuesOf(ownerRegistry, 'onegrid_stream_commits_total')).toEqual([
      { labels: { processor: 'utility-inactivity', outcome: 'ok' }, value: 1 },
    ]);
    expect(await valuesOf(ownerRegistry, 'onegrid_stream_keys_by_model')).toEqual([
      { labels: { processor: 'utility-inactivity', partition: '3', model: 'learnt' }, value: 12 },
    ]);
    expect(await valuesOf(ownerRegistry, 'onegrid_sink_rows_written_total')).toEqual([
      { labels: { sink: 'clickhouse:household_usage_hourly' }, value: 20_000 },
    ]);
    const flush = await valuesOf(ownerRegistry, 'onegrid_sink_flush_seconds');
    const labels = { sink: 'clickhouse:household_usage_hourly', outcome: 'ok' };
    expect(flush).toContainEqual({ labels, value: 1, metricName: 'onegrid_sink_flush_seconds_count' });
    expect(flush).toContainEqual({ labels, value: seconds, metricName: 'onegrid_sink_flush_seconds_sum' });
    // The worker's own registry saw the same updates (nothing scrapes it, but nothing is lost there).
    expect(await valuesOf(workerRegistry, 'onegrid_stream_events_in_total')).toEqual([
      { labels: { processor: 'utility-inactivity', topic: 't' }, value: 12 },
    ]);
  });

  it('sends each update once: what was taken is not taken again, later updates add up', async () => {
    const relay = relayedMetrics(streamMetrics(new Registry()));
    const ownerRegistry = new Registry();
    const owner = streamMetrics(ownerRegistry);
    relay.metrics.dispositions.inc({ processor: 'p', disposition: 'accepted' }, 100);
    replayMetrics(owner, relay.take());
    expect(relay.take()).toEqual([]);
    relay.metrics.dispositions.inc({ processor: 'p', disposition: 'accepted' }, 50);
    replayMetrics(owner, relay.take());
    expect(await valuesOf(ownerRegistry, 'onegrid_stream_events_total')).toEqual([
      { labels: { processor: 'p', disposition: 'accepted' }, value: 150 },
    ]);
  });

  it('skips a metric the owner does not know instead of failing', async () => {
    const ownerRegistry = new Registry();
    const owner = streamMetrics(ownerRegistry);
    replayMetrics(owner, [
      { path: 'noSuchMetric', op: 'inc', labels: {}, values: [1] },
      { path: 'lag', op: 'set', labels: { processor: 'p', topic: 't', partition: '0' }, values: [4] },
    ]);
    expect(await valuesOf(ownerRegistry, 'onegrid_stream_consumer_lag')).toEqual([
      { labels: { processor: 'p', topic: 't', partition: '0' }, value: 4 },
    ]);
  });
});
