import { retriableOf } from '@onegrid/errors';

/**
 * Whether a Kafka call that failed is worth making again later, once the client's own retries
 * have ended: true unless the error is known to be permanent (unclassified errors are not known to
 * be). kafkajs ends its retries with `KafkaJSNumberOfRetriesExceeded`, marked not retriable (its
 * retrier gave up), around an error that was (a broker down: the connection refused): that is a
 * broker still away, worth asking again in a while, so its cause is judged instead. Taken at its
 * word, a broker down for the client's ~50 s of retries was asked once and never again.
 */
export function worthAskingAgain(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 8 && isRetriesExceeded(e); depth++) e = (e as { cause?: unknown }).cause;
  return retriableOf(e) !== false;
}

const isRetriesExceeded = (e: unknown): boolean =>
  e !== null && typeof e === 'object' && (e as { name?: unknown }).name === 'KafkaJSNumberOfRetriesExceeded';
