import { OnegridError } from '@onegrid/errors';

/** What the processors' own glue reports (the sinks and the runtime report StreamError). */
export type ProcessorsErrorCode =
  /** A topic the processors need has no partitions on the broker (not provisioned). */
  | 'TOPIC_NOT_PROVISIONED'
  /** A processor worker ended, failed, or did not start. */
  | 'WORKER_FAILED'
  /** A processor worker could not flush, commit or leave its group when told to stop. */
  | 'WORKER_STOP_FAILED'
  /** Code meant for a worker thread was run elsewhere, or asked the store for what does not cross. */
  | 'WORKER_MISUSED'
  /** A read that must finish in time did not (registries at start-up, a dead-letter scan). */
  | 'DEADLINE_PASSED'
  /** The store lacks what the processors need from it (the district code list: not migrated). */
  | 'STORE_NOT_READY'
  /** The server refused a re-drive the CLI asked for. */
  | 'REDRIVE_REFUSED'
  /** An insert body built wrong by the processors' own encoder (a bug, not the data). */
  | 'ENCODING_FAILED';

export class ProcessorsError extends OnegridError<ProcessorsErrorCode> {}
