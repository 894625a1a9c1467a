import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SinkMetrics {
  readonly flushSeconds: Histogram<'sink' | 'outcome'>;
  readonly rowsWritten: Counter<'sink'>;
  readonly failures: Counter<'sink'>;
}

export interface StreamMetrics {
  readonly eventsIn: Counter<'processor' | 'topic'>;
  readonly dispositions: Counter<'processor' | 'disposition'>;
  readonly deadLetters: Counter<'processor' | 'topic' | 'code'>;
  readonly lag: Gauge<'processor' | 'topic' | 'partition'>;
  readonly watermarkDelay: Gauge<'processor' | 'partition'>;
  readonly openWindows: Gauge<'processor'>;
  /** Keys (e.g. households) per model a detector judges them with (e.g. learnt rhythm, default). */
  readonly keysByModel: Gauge<'processor' | 'partition' | 'model'>;
  readonly commits: Counter<'processor' | 'outcome'>;
  readonly rebalancePauseSeconds: Histogram<'processor'>;
  /** Partition assignments received (the first one included): more than one is a re-join. */
  readonly assignments: Counter<'processor'>;
  /**
   * Per partition newly assigned: the assignment received → the first output its batches gave
   * the sinks (a restore's whole cost, as a duty officer waits for it; issue 17).
   */
  readonly assignmentFirstOutputSeconds: Histogram<'processor'>;
  /** Messages held while reference data catches up (see ProcessorDefinition.hold). */
  readonly held: Gauge<'processor'>;
  readonly holds: Counter<'processor' | 'outcome'>;
  /** 1 once a processor has stopped on a failure no retry can cure, by its code. */
  readonly processorFailed: Gauge<'processor' | 'code'>;
  readonly sinks: SinkMetrics;
}

/**
 * The runtime's Prometheus metrics, registered once per registry (a process may run several
 * processors: they share the metrics and differ by label).
 */
export function streamMetrics(registry: Registry): StreamMetrics {
  const cached = byRegistry.get(registry);
  if (cached !== undefined) return cached;
  const registers = [registry];
  const metrics: StreamMetrics = {
    eventsIn: new Counter({
      name: 'onegrid_stream_events_in_total',
      help: 'Messages read from Kafka, valid or not',
      labelNames: ['processor', 'topic'],
      registers,
    }),
    dispositions: new Counter({
      name: 'onegrid_stream_events_total',
      help: 'Valid events by what happened to them: accepted, duplicate, late (sent to the side output), replayed, refuted (a sensor fault, stored flagged)',
      labelNames: ['processor', 'disposition'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'onegrid_stream_dead_letters_total',
      help: 'Messages that failed decoding and went to the dead-letter topic',
      labelNames: ['processor', 'topic', 'code'],
      registers,
    }),
    lag: new Gauge({
      name: 'onegrid_stream_consumer_lag',
      help: 'Messages between the last one processed and the end of the partition',
      labelNames: ['processor', 'topic', 'partition'],
      registers,
    }),
    watermarkDelay: new Gauge({
      name: 'onegrid_stream_watermark_delay_seconds',
      help: 'Wall-clock time minus the partition watermark (large during replays)',
      labelNames: ['processor', 'partition'],
      registers,
    }),
    openWindows: new Gauge({
      name: 'onegrid_stream_open_windows',
      help: 'Windows or sessions held in state',
      labelNames: ['processor'],
      registers,
    }),
    keysByModel: new Gauge({
      name: 'onegrid_stream_keys_by_model',
      help: 'Keys (households) by the model a detector judges them with, per partition: learnt (their own rhythm) or default (too little history)',
      labelNames: ['processor', 'partition', 'model'],
      registers,
    }),
    commits: new Counter({
      name: 'onegrid_stream_commits_total',
      help: 'Offset commits by outcome',
      labelNames: ['processor', 'outcome'],
      registers,
    }),
    rebalancePauseSeconds: new Histogram({
      name: 'onegrid_stream_rebalance_pause_seconds',
      help: 'Time from a rebalance starting to the first batch processed after it',
      labelNames: ['processor'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    assignments: new Counter({
      name: 'onegrid_stream_assignments_total',
      help: 'Partition assignments received by the processor, its first one included',
      labelNames: ['processor'],
      registers,
    }),
    assignmentFirstOutputSeconds: new Histogram({
      name: 'onegrid_stream_assignment_first_output_seconds',
      help: 'Per partition newly assigned: time from the assignment received to the first output its batches handed to the sinks (state restore and replay included)',
      labelNames: ['processor'],
      buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300],
      registers,
    }),
    held: new Gauge({
      name: 'onegrid_stream_held_messages',
      help: 'Messages held because their check refused them for a reason time may cure (an id not in a registry yet)',
      labelNames: ['processor'],
      registers,
    }),
    holds: new Counter({
      name: 'onegrid_stream_holds_total',
      help: 'Held messages by outcome: held, released (the check passed later), dead_lettered (grace period over or hold bound reached)',
      labelNames: ['processor', 'outcome'],
      registers,
    }),
    processorFailed: new Gauge({
      name: 'onegrid_stream_processor_failed',
      help: 'Set to 1 when a processor stopped on a failure that cannot succeed on retry (a sink refusing its rows), by error code; it stays stopped until restarted',
      labelNames: ['processor', 'code'],
      registers,
    }),
    sinks: {
      flushSeconds: new Histogram({
        name: 'onegrid_sink_flush_seconds',
        help: 'Time to write one block to a sink target',
        labelNames: ['sink', 'outcome'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers,
      }),
      rowsWritten: new Counter({
        name: 'onegrid_sink_rows_written_total',
        help: 'Rows made durable by a sink',
        labelNames: ['sink'],
        registers,
      }),
      failures: new Counter({
        name: 'onegrid_sink_failures_total',
        help: 'Failed block writes (retried unless the failure says a retry cannot help)',
        labelNames: ['sink'],
        registers,
      }),
    },
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

const byRegistry = new WeakMap<Registry, StreamMetrics>();
