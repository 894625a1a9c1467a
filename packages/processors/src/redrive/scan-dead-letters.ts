import { randomUUID } from 'node:crypto';
import { dlqTopic } from '@onegrid/contracts';
import type { KafkaClient, TopicReader } from '@onegrid/kafka';
import { DLQ_HEADERS } from '@onegrid/stream';
import { ProcessorsError } from '../errors.ts';

/** A dead-letter record as read back: the original message and where it came from. */
export interface StoredLetter {
  /** Where the original message was in its source topic (from the record's headers). */
  readonly sourceTopic: string;
  readonly partition: number;
  readonly offset: number;
  readonly code: string;
  readonly reason: string;
  /** Epoch ms the dead-letter record was written. */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

const CLOCK_SLACK_MS = 5 * 60_000;

export interface ScanLimits {
  /** Gives up (with an error) past this; a dead-letter topic is small, so this means trouble. */
  readonly deadlineMs: number;
  /** Stops reading past this many records. */
  readonly maxScanned: number;
}

/**
 * Reads `<topic>.dlq` from the first record at or after `fromMs` (by the broker's timestamp
 * index) to the end it had when called, handing each record stamped in [fromMs, toMs) to
 * `visit` until it answers `stop`. A throw-away consumer group, deleted afterwards.
 */
export async function scanDeadLetters(
  kafka: KafkaClient,
  topic: string,
  range: { fromMs: number; toMs: number },
  visit: (letter: StoredLetter) => 'more' | 'stop',
  limits: ScanLimits,
): Promise<{ scanned: number }> {
  const dlq = dlqTopic(topic);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `onegrid.redrive.${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  let scanned = 0;
  let reader: TopicReader | undefined;
  try {
    const ends = new Map((await admin.topicOffsets(dlq)).map((p) => [p.partition, p.high]));
    const starts = new Map<number, number>();
    // An offset of -1 or one at the end: nothing stamped at or after fromMs there.
    for (const p of await admin.offsetsAtTime(dlq, range.fromMs)) {
      const start = p.offset;
      const end = ends.get(p.partition) ?? 0;
      if (start >= 0 && start < end) starts.set(p.partition, start);
    }
    if (starts.size === 0) return { scanned };
    const remaining = new Set(starts.keys());
    const finished = Promise.withResolvers<void>();
    const done = () => {
      remaining.clear();
      finished.resolve();
    };
    reader = await kafka.read({
      groupId,
      topics: [dlq],
      maxWaitMs: 200,
      onBatch: async (batch) => {
        const end = ends.get(batch.partition) ?? 0;
        if (!remaining.has(batch.partition)) return;
        for (const m of batch.records) {
          const offset = m.offset;
          if (offset < (starts.get(batch.partition) ?? 0)) continue;
          if (offset >= end) break;
          const timestamp = m.timestamp;
          scanned++;
          // Records are stamped by one producer's clock, in order give or take its skew.
          if (timestamp >= range.toMs + CLOCK_SLACK_MS) {
            remaining.delete(batch.partition);
            break;
          }
          if (scanned > limits.maxScanned) return done();
          if (timestamp >= range.fromMs && timestamp < range.toMs) {
            const h = (name: string) => m.headers[name] ?? '';
            const verdict = visit({
              sourceTopic: h(DLQ_HEADERS.sourceTopic),
              partition: Number(h(DLQ_HEADERS.sourcePartition)),
              offset: Number(h(DLQ_HEADERS.sourceOffset)),
              code: h(DLQ_HEADERS.code),
              reason: h(DLQ_HEADERS.reason),
              timestamp,
              key: m.key,
              value: m.value,
            });
            if (verdict === 'stop') return done();
          }
          if (offset + 1 >= end) remaining.delete(batch.partition);
        }
        if (remaining.size === 0) finished.resolve();
      },
    });
    // Each partition from its first record in range.
    for (const [partition, offset] of starts) reader.seek(dlq, partition, offset);
    await Promise.race([
      finished.promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new ProcessorsError(
                'DEADLINE_PASSED',
                `${dlq}: not read to its end within ${limits.deadlineMs} ms`,
                {
                  retriable: true,
                },
              ),
            ),
          limits.deadlineMs,
        );
      }),
    ]);
    return { scanned };
  } finally {
    clearTimeout(timer);
    await reader?.stop();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
