import { checkKafka, type KafkaAdmin } from '@onegrid/kafka';
import type { RunningProcessors } from '@onegrid/processors';
import type { ComponentHealth, ProcessorStatus } from '@onegrid/server';
import type { Store } from '@onegrid/store';

export interface AppHealth {
  /** For `/health` and `/health/ready`, and the `pipeline` channel. */
  readonly checks: { kafka: () => Promise<ComponentHealth>; clickhouse: () => Promise<ComponentHealth> };
  /** Each processor's lag and event time; undefined when this process runs none. */
  readonly processors: (() => Promise<ProcessorStatus[]>) | undefined;
}

/** What the server's and the ops port's health routes ask, from this process's clients. */
export function appHealth(
  admin: KafkaAdmin,
  store: Store,
  processors: RunningProcessors | undefined,
): AppHealth {
  return {
    checks: {
      kafka: () => checkKafka(admin),
      clickhouse: async () => {
        const ping = await store.client.ping();
        return ping.success
          ? { ok: true, mode: store.mode, target: store.target }
          : { ok: false, mode: store.mode, error: String(ping.error) };
      },
    },
    processors:
      processors === undefined
        ? undefined
        : async () =>
            processors.status().map((s) => ({
              name: s.name,
              lag: Number.isFinite(s.lag) ? s.lag : 0,
              // Registries have no event time (their records sort at 0): no watermark to show.
              watermark:
                Number.isFinite(s.watermark) && s.watermark > 0 ? new Date(s.watermark).toISOString() : null,
              ...(s.failure === undefined
                ? {}
                : { failure: { code: s.failure.code, message: s.failure.message } }),
            })),
  };
}
