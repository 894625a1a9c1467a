// Re-publishes chosen dead letters to their source topic once their cause is fixed (a registry
// record that came late, a contract widened), each one once.
//   node packages/processors/src/cli/redrive.ts --topic city.sensor.meter-readings --reason unknown_id \
//     --from 2026-09-14T00:00:00+08:00 --to 2026-09-15T00:00:00+08:00 [--limit 1000] [--dry-run] [--server]
// Direct: KAFKA_BROKERS and the store's settings (CLICKHOUSE_URL, or the embedded folder: stop
// the app first, chDB binds it to one process). With --server: the running server's
// POST /api/admin/redrive (ONEGRID_URL, ONEGRID_TOKEN of a duty officer).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import { loadStoreConfig, openStore } from '@onegrid/store';
import { ProcessorsError } from '../errors.ts';
import { redriveDeadLetters } from '../redrive/redrive.ts';
import { type RedriveReport, type RedriveRequestInput, redriveRequestSchema } from '../redrive/request.ts';

const { values } = parseArgs({
  options: {
    topic: { type: 'string' },
    reason: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    server: { type: 'boolean', default: false },
  },
});

const input: RedriveRequestInput = {
  topic: values.topic as RedriveRequestInput['topic'],
  reason: values.reason as RedriveRequestInput['reason'],
  from: values.from ?? '',
  to: values.to ?? '',
  ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
  dryRun: values['dry-run'],
  by: `cli:${userInfo().username.replace(/[^\w.@-]/g, '_')}`.slice(0, 64),
};
const checked = redriveRequestSchema.safeParse(input);
if (!checked.success) {
  for (const issue of checked.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
  process.exit(2);
}

async function viaServer(): Promise<RedriveReport> {
  const base = process.env.ONEGRID_URL ?? 'http://127.0.0.1:8080';
  const { by: _by, dryRun, ...rest } = input;
  const response = await fetch(new URL('/api/admin/redrive', base), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(process.env.ONEGRID_TOKEN ? { authorization: `Bearer ${process.env.ONEGRID_TOKEN}` } : {}),
    },
    body: JSON.stringify({ ...rest, dry_run: dryRun }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new ProcessorsError(
      'REDRIVE_REFUSED',
      `HTTP ${response.status}: ${String(body.message ?? body.error ?? '')}`,
      { retriable: response.status >= 500 },
    );
  return body as unknown as RedriveReport;
}

async function direct(): Promise<RedriveReport> {
  const logger = createLogger('redrive', process.env.LOG_LEVEL ?? 'warn');
  const kafka = createKafka(loadKafkaConfig(), logger);
  const store = await openStore(loadStoreConfig());
  try {
    return await redriveDeadLetters({ kafka, clickhouse: store.client, logger, now: Date.now }, input);
  } finally {
    await store.close();
  }
}

const report = values.server ? await viaServer() : await direct();
for (const l of report.letters) {
  console.log(`${report.topic}/${l.partition}/${l.offset}\t${l.deadLetteredAt}\t${l.bytes} B\t${l.reason}`);
}
if (report.selected > report.letters.length)
  console.log(`… and ${report.selected - report.letters.length} more`);
console.error(
  `${report.dryRun ? 'dry run: would re-drive' : 're-drove'} ${report.dryRun ? report.selected : report.redriven} ` +
    `of ${report.scanned} dead letters read; ${report.alreadyRedriven} re-driven before, skipped` +
    (report.truncated ? `; more match: run again for the rest` : ''),
);
