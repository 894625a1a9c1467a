import { type KafkaClient, type KafkaProducer, warmProducer } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';

/**
 * How long a lane's start waits for its producer to be warm: its output's metadata loaded and
 * its leaders connected (packages/kafka, `warmProducer`), so the storm's first copy is sent at
 * once rather than after a metadata request and a connection. Past it the lane starts all the
 * same (its readiness, the groups assigned, is held no longer) and the first send does the rest.
 */
const WARM_WITHIN_MS = 5_000;

/**
 * A lane's producer, connected and warmed for `topic`. Not idempotent: a copy sent twice is
 * dropped by the server as any repeat is.
 */
export async function laneProducer(
  kafka: KafkaClient,
  topic: string,
  options: { readonly lane: string; readonly logger: Logger },
): Promise<KafkaProducer> {
  const producer = kafka.producer({ idempotent: false });
  await producer.connect();
  const warm = await warmProducer(producer, [topic], {
    withinMs: WARM_WITHIN_MS,
    onFailure: (error) =>
      options.logger.warn(
        { err: error, topic },
        `${options.lane}: producer not warmed; its first send does it`,
      ),
  });
  if (!warm) options.logger.info({ topic, ms: WARM_WITHIN_MS }, `${options.lane}: producer not warm in time`);
  return producer;
}
