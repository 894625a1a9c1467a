import type { MessagePort } from 'node:worker_threads';
import type { KafkaConfig } from '@onegrid/kafka';
import type { ProcessorStatus, ProcessorsOptions } from '../start-processors.ts';

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
  | { readonly kind: 'stopped'; readonly error?: string };
