import { type LogEntry, logLevel } from 'kafkajs';

/**
 * Broker answers that kafkajs logs at error level on every failed response, then retries
 * itself: at start-up they are the normal transients of a fresh KRaft broker (a topic just
 * created whose leader the broker's metadata does not list yet; __consumer_offsets and
 * __transaction_state still being created or loaded). `./onegrid demo` printed five of them on
 * every start. They are logged at info: if the retries run out, the call itself fails with a
 * KafkaJSNumberOfRetriesExceeded that the caller reports, so nothing is hidden.
 */
const RETRIED_BY_KAFKAJS: ReadonlySet<string> = new Set([
  'This server is not the leader for that topic-partition',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'This is not the correct coordinator for this group',
]);

/** The pino level of a kafkajs log entry. */
export function kafkajsLevel(level: number, entry: LogEntry['log']): 'error' | 'warn' | 'info' | 'debug' {
  if (
    level === logLevel.ERROR &&
    entry.message.startsWith('Response ') &&
    typeof entry.error === 'string' &&
    RETRIED_BY_KAFKAJS.has(entry.error)
  )
    return 'info';
  if (level === logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}
