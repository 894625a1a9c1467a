import type { MessagePort } from 'node:worker_threads';
import type { KafkaConfig } from '@onegrid/kafka';
import type { ProcessorStatus, ProcessorsOptions } from '../start-processors.ts';
import type { MetricUpdate } from './metrics-relay.ts';

/** What a processor worker is started with (structured-cloned; the store port transferred). */
export interface UtilityWorkerData {
  readonly kafka: KafkaConfig;
  readonly store: MessagePort;
  readonly logLevel: string;
  readonly options: Pick<
    ProcessorsOptions,
    'sink' | 'commitIntervalMs' | 'sourceIdleMs' | 'groupPrefix' | 'screenLane'
  >;
}

/** Owner → worker. */
export type WorkerMessage = { readonly kind: 'stop' };

/** Worker → owner. */
export type WorkerStatus =
  | { readonly kind: 'started' }
  | { readonly kind: 'status'; readonly status: ProcessorStatus }
  /** The worker's metric updates since the last (metrics-relay.ts), for the owner's /metrics. */
  | { readonly kind: 'metrics'; readonly updates: readonly MetricUpdate[] }
  | { readonly kind: 'stopped'; readonly error?: string };
