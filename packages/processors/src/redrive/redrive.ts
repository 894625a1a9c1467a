import type { ClickHouseClient } from '@clickhouse/client';
import type { KafkaClient } from '@onegrid/kafka';
import type { Logger } from '@onegrid/logging';
import { ROW_INSERT_SETTINGS } from '@onegrid/store';
import {
  type RedriveLetter,
  type RedriveReport,
  type RedriveRequest,
  redriveRequestSchema,
} from './request.ts';
import { type ScanLimits, type StoredLetter, scanDeadLetters } from './scan-dead-letters.ts';

/** Headers on a re-driven message: which original it is, and when it was re-driven. */
export const REDRIVE_HEADERS = {
  of: 'onegrid-redrive-of',
  at: 'onegrid-redriven-at',
} as const;

export interface RedriveDeps {
  readonly kafka: KafkaClient;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  /** Wall clock (recorded with each re-drive). */
  readonly now: () => number;
  readonly limits?: ScanLimits;
}

const DEFAULT_LIMITS: ScanLimits = { deadlineMs: 120_000, maxScanned: 1_000_000 };
const SHOWN = 100;
/** Bytes of chosen letters held at once: a dead letter may be up to the broker's message size. */
const MAX_CHOSEN_BYTES = 64 * 1024 * 1024;

/**
 * Re-publishes chosen dead letters to their source topic, once each: the original key and bytes,
 * with `onegrid-redrive-of: <topic>/<partition>/<offset>`. Letters recorded in
 * `dead_letter_redrives` are skipped; each one re-driven is recorded after it is published. A
 * copy published twice anyway (a crash between the two) lands on the tables' own keys
 * (ReplacingMergeTree on the message's id, the ticket tracker's duplicate check): it counts once.
 * A dry run reads and selects the same letters and publishes nothing.
 */
export async function redriveDeadLetters(deps: RedriveDeps, input: unknown): Promise<RedriveReport> {
  const request = redriveRequestSchema.parse(input);
  const done = await alreadyRedriven(deps.clickhouse, request.topic);
  const chosen: StoredLetter[] = [];
  let chosenBytes = 0;
  let skipped = 0;
  let truncated = false;
  const { scanned } = await scanDeadLetters(
    deps.kafka,
    request.topic,
    { fromMs: Date.parse(request.from), toMs: Date.parse(request.to) },
    (letter) => {
      if (letter.code !== request.reason || letter.sourceTopic !== request.topic) return 'more';
      if (done.has(`${letter.partition}/${letter.offset}`)) {
        skipped++;
        return 'more';
      }
      const size = (letter.value?.length ?? 0) + (letter.key?.length ?? 0);
      if (chosen.length === request.limit || (chosen.length > 0 && chosenBytes + size > MAX_CHOSEN_BYTES)) {
        truncated = true;
        return 'stop';
      }
      chosen.push(letter);
      chosenBytes += size;
      return 'more';
    },
    deps.limits ?? DEFAULT_LIMITS,
  );
  const redriven = request.dryRun ? 0 : await publish(deps, request, chosen);
  const report: RedriveReport = {
    topic: request.topic,
    reason: request.reason,
    dryRun: request.dryRun,
    scanned,
    alreadyRedriven: skipped,
    selected: chosen.length,
    redriven,
    truncated,
    letters: chosen.slice(0, SHOWN).map(shown),
  };
  deps.logger.info({ ...report, letters: undefined, by: request.by }, 'dead letters re-driven');
  return report;
}

async function publish(deps: RedriveDeps, request: RedriveRequest, letters: StoredLetter[]): Promise<number> {
  if (letters.length === 0) return 0;
  const at = new Date(deps.now()).toISOString();
  const producer = deps.kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    for (let i = 0; i < letters.length; i += 500) {
      const part = letters.slice(i, i + 500);
      await producer.send({
        topic: request.topic,
        messages: part.map((l) => ({
          key: l.key,
          value: l.value,
          headers: {
            [REDRIVE_HEADERS.of]: `${request.topic}/${l.partition}/${l.offset}`,
            [REDRIVE_HEADERS.at]: at,
          },
        })),
      });
      // Recorded once published: a crash between the two re-drives these again, which the
      // tables' keys absorb; recorded first, a crash would lose them.
      await deps.clickhouse.insert({
        table: 'dead_letter_redrives',
        format: 'JSONEachRow',
        clickhouse_settings: ROW_INSERT_SETTINGS,
        values: part.map((l) => ({
          topic: request.topic,
          partition: l.partition,
          offset: l.offset,
          code: l.code,
          redriven_at: at,
          redriven_by: request.by,
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}

async function alreadyRedriven(client: ClickHouseClient, topic: string): Promise<Set<string>> {
  const result = await client.query({
    query: `SELECT concat(toString(partition), '/', toString(offset)) AS id
            FROM dead_letter_redrives FINAL WHERE topic = {topic:String}`,
    query_params: { topic },
    format: 'JSONEachRow',
  });
  return new Set((await result.json<{ id: string }>()).map((r) => r.id));
}

const shown = (l: StoredLetter): RedriveLetter => ({
  partition: l.partition,
  offset: l.offset,
  code: l.code,
  reason: l.reason,
  deadLetteredAt: new Date(l.timestamp).toISOString(),
  bytes: l.value?.length ?? 0,
});
