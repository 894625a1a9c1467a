import type { KafkaConfig } from '@onegrid/kafka';
import type { LiveLaneCounts } from './live-lane.ts';

/** What the live lane's worker thread starts from (structured-cloned). */
export interface LaneWorkerData {
  readonly kafka: KafkaConfig;
  readonly logLevel: string;
  /** The district code list the owner read from the store (RegistryState.useDistrictCodes). */
  readonly districts: readonly string[];
  readonly groupPrefix?: string;
}

/** Owner → worker. */
export type LaneWorkerMessage = { readonly kind: 'stop' };

/** Worker → owner. */
export type LaneWorkerStatus =
  | { readonly kind: 'started' }
  /** The lane's groups assigned (true) or not within its bound (false): `LiveLane.whenAssigned`. */
  | { readonly kind: 'assigned'; readonly ok: boolean }
  | { readonly kind: 'counts'; readonly counts: LiveLaneCounts }
  | { readonly kind: 'stopped' };
