import type { KafkaAdmin } from './adapter.ts';

export interface KafkaHealth {
  readonly [detail: string]: unknown;
  readonly ok: boolean;
  readonly brokers: number;
  readonly controller: number | null;
  readonly error?: string;
}

/** Asks the cluster for its metadata; a broker that answers is reachable. Never throws. */
export async function checkKafka(admin: KafkaAdmin): Promise<KafkaHealth> {
  try {
    const cluster = await admin.describeCluster();
    return {
      ok: cluster.brokers > 0,
      brokers: cluster.brokers,
      controller: cluster.controller,
    };
  } catch (error) {
    return { ok: false, brokers: 0, controller: null, error: (error as Error).message };
  }
}
