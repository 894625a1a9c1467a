// Reconciliation of a soak run: per topic and per derived table, what was produced against what
// ClickHouse holds and what the screens were sent. Prints every difference (expected: none) and
// the dead-lettered counts with their reasons.
//
//   node test/soak/reconcile.ts --run-dir .onegrid/soak/<run> [--clickhouse-url URL] [--brokers LIST]
//
// Alone, it reads the run's truth and screens.json, starts a chDB server of its own on the run's
// data folder (unless --clickhouse-url), and reads the Kafka-side figures from the run's brokers
// when they still answer (`soak.ts --keep` leaves them up). Exit code 1 on any difference.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import {
  dlqTopic,
  INPUT_TOPICS,
  INTERNAL_TOPICS,
  REGISTRY_TOPICS,
  SCREEN_LANE_TOPIC,
  TOPICS,
  type Topic,
  toEpochMs,
} from '@onegrid/contracts';
import type { KafkaClient as Kafka } from '@onegrid/kafka';
import { createKafka, loadKafkaConfig } from '@onegrid/kafka';
import { createLogger } from '@onegrid/logging';
import type { TopicCounts } from '@onegrid/simulator';
import { TOPIC_TABLES } from '@onegrid/store';
import { DLQ_HEADERS } from '@onegrid/stream';
import {
  type Comparison,
  compareEvacuation,
  compareResources,
  compareTickets,
  compareUsageReadings,
} from '../scoring/store-vs-truth.ts';
import { readTruth } from '../support/pipeline.ts';
import { readTopic, topicSize } from '../support/read-topic.ts';
import { waitUntil } from '../support/wait-until.ts';
import { Children, freePort, ROOT } from './children.ts';

export interface Difference {
  readonly area: string;
  readonly what: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface TopicLine {
  readonly topic: string;
  readonly sent: number;
  readonly kafka: number | null;
  readonly expectedRows: number;
  readonly storedRows: number;
  readonly rowsBeforeMerge: number;
  readonly invalid: number;
  readonly dlqLetters: number | null;
  readonly dlqDistinct: number | null;
  readonly deadLetterRows: number;
}

export interface ReconcileReport {
  readonly topics: TopicLine[];
  /** Per input topic and reason code: dead letters in the table, with their commonest reasons. */
  readonly deadLetters: Record<string, Record<string, { n: number; reasons: [string, number][] }>>;
  readonly derived: Record<string, { compared: number; differences: number }>;
  readonly screens: Record<string, { compared: number; differences: number }>;
  readonly notes: string[];
  readonly differences: Difference[];
}

export interface ScreensCapture {
  /** What the soak's feed client holds: every snapshot and delta it was sent, applied in order. */
  readonly replica: Record<string, { seq: number; as_of: string | null; data: Record<string, unknown> }>;
  /** GET /api/state/<channel> at the same moment. */
  readonly api: Record<string, { seq: number; as_of: string | null; data: Record<string, unknown> }>;
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

async function count(client: ClickHouseClient, query: string): Promise<number> {
  const [row] = await rows<{ n: string | number }>(client, query);
  return Number(row?.n ?? Number.NaN);
}

/** Stable JSON (sorted keys) to compare values whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export async function reconcile(input: {
  runDir: string;
  clickhouse: ClickHouseClient;
  kafka: Kafka | undefined;
}): Promise<ReconcileReport> {
  const { clickhouse: ch, kafka } = input;
  const differences: Difference[] = [];
  const notes: string[] = [];
  const differ = (area: string, what: string, expected: unknown, actual: unknown) => {
    if (canonical(expected) !== canonical(actual)) differences.push({ area, what, expected, actual });
  };
  const truth = await readTruth(path.join(input.runDir, 'truth'));
  const countsEntry = truth.find((e) => e.type === 'counts') as
    | { topics: Record<string, TopicCounts> }
    | undefined;
  const scenario = truth.find((e) => e.type === 'scenario') as { end: string } | undefined;
  if (countsEntry === undefined || scenario === undefined) {
    throw new Error(`${input.runDir}/truth: no counts or scenario entry (did the simulator finish?)`);
  }
  const admin = kafka?.admin();
  await admin?.connect();
  try {
    // ---- topics: produced vs Kafka vs ClickHouse vs dead letters --------------------------
    const topics: TopicLine[] = [];
    const deadLetters: ReconcileReport['deadLetters'] = {};
    for (const topic of [...REGISTRY_TOPICS, ...INPUT_TOPICS] as Topic[]) {
      // A topic the scenario sent nothing to has no counts entry.
      const c = countsEntry.topics[topic] ?? { sent: 0, valid: 0, invalid: 0, duplicates: 0, by_fault: {} };
      const table = TOPIC_TABLES[topic];
      const expectedRows = c.valid - c.duplicates;
      const storedRows = await count(ch, `SELECT count() AS n FROM ${table} FINAL`);
      const rowsBeforeMerge = await count(ch, `SELECT count() AS n FROM ${table}`);
      differ(topic, `rows in ${table} FINAL (valid − duplicates)`, expectedRows, storedRows);
      const kafkaSize = admin === undefined ? null : await topicSize(admin, topic);
      if (kafkaSize !== null) differ(topic, 'messages in Kafka (simulator sent)', c.sent, kafkaSize);
      let dlqLetters: number | null = null;
      let dlqDistinct: number | null = null;
      const deadLetterRows = await count(
        ch,
        `SELECT count() AS n FROM dead_letters FINAL WHERE topic = '${topic}'`,
      );
      differ(topic, 'dead_letters rows (simulator invalid)', c.invalid, deadLetterRows);
      if (kafka !== undefined) {
        const letters = await readTopic(kafka, dlqTopic(topic));
        const sources = new Set(
          letters.map(
            (l) => `${l.headers[DLQ_HEADERS.sourcePartition]}/${l.headers[DLQ_HEADERS.sourceOffset]}`,
          ),
        );
        dlqLetters = letters.length;
        dlqDistinct = sources.size;
        differ(
          topic,
          `${dlqTopic(topic)}: distinct source offsets (simulator invalid)`,
          c.invalid,
          dlqDistinct,
        );
        if (dlqLetters > dlqDistinct) {
          notes.push(
            `${dlqTopic(topic)}: ${dlqLetters - dlqDistinct} letters published twice (same source offset: a crash between publish and commit, as packages/stream documents); the dead_letters table holds each once`,
          );
        }
        const unknown = letters.filter((l) => l.headers[DLQ_HEADERS.code] === 'unknown_id');
        differ(
          topic,
          `${dlqTopic(topic)}: unknown_id letters (simulator unknown_id)`,
          c.by_fault.unknown_id ?? 0,
          new Set(
            unknown.map(
              (l) => `${l.headers[DLQ_HEADERS.sourcePartition]}/${l.headers[DLQ_HEADERS.sourceOffset]}`,
            ),
          ).size,
        );
      }
      const byCode = await rows<{ code: string; reason: string; n: string }>(
        ch,
        `SELECT code, reason, count() AS n FROM dead_letters FINAL WHERE topic = '${topic}' GROUP BY code, reason ORDER BY n DESC`,
      );
      if (byCode.length > 0) {
        const perCode: Record<string, { n: number; reasons: [string, number][] }> = {};
        for (const r of byCode) {
          const entry = perCode[r.code] ?? { n: 0, reasons: [] };
          entry.n += Number(r.n);
          if (entry.reasons.length < 3) entry.reasons.push([r.reason.slice(0, 90), Number(r.n)]);
          perCode[r.code] = entry;
        }
        deadLetters[topic] = perCode;
      }
      topics.push({
        topic,
        sent: c.sent,
        kafka: kafkaSize,
        expectedRows,
        storedRows,
        rowsBeforeMerge,
        invalid: c.invalid,
        dlqLetters,
        dlqDistinct,
        deadLetterRows,
      });
    }

    // ---- onegrid's outputs: each alert and score once, a replay never different ---------------
    if (kafka !== undefined && admin !== undefined) {
      const alerts = await readTopic(kafka, TOPICS.alerts);
      const byAlert = new Map<string, Set<string>>();
      for (const m of alerts) {
        const a = JSON.parse(m.value?.toString('utf8') ?? '{}') as Record<string, unknown>;
        const key = `${String(a.alert_id)}|${String(a.status)}`;
        const content = canonical({ ...a, raised_at: undefined });
        byAlert.set(key, (byAlert.get(key) ?? new Set()).add(content));
      }
      const conflicting = [...byAlert].filter(([, contents]) => contents.size > 1);
      for (const [key, contents] of conflicting.slice(0, 20)) {
        differences.push({
          area: TOPICS.alerts,
          what: `${key}: published with different content`,
          expected: 1,
          actual: [...contents],
        });
      }
      differ(
        TOPICS.alerts,
        'alerts rows FINAL (distinct alert_id|status on the topic)',
        byAlert.size,
        await count(ch, 'SELECT count() AS n FROM alerts FINAL'),
      );
      if (alerts.length > byAlert.size) {
        notes.push(
          `${TOPICS.alerts}: ${alerts.length - byAlert.size} repeated messages (same alert_id and status: replays after a restart, identical but for raised_at); stored once`,
        );
      }
      const scores = await readTopic(kafka, TOPICS.riskScores);
      const byScore = new Map<string, Set<string>>();
      for (const m of scores) {
        const s = JSON.parse(m.value?.toString('utf8') ?? '{}') as Record<string, unknown>;
        const key = `${String(s.district)}|${toEpochMs(String(s.ts))}`;
        byScore.set(key, (byScore.get(key) ?? new Set()).add(canonical(s)));
      }
      for (const [key, contents] of [...byScore].filter(([, c]) => c.size > 1).slice(0, 20)) {
        differences.push({
          area: TOPICS.riskScores,
          what: `${key}: scored differently twice`,
          expected: 1,
          actual: [...contents],
        });
      }
      differ(
        TOPICS.riskScores,
        'risk_scores rows FINAL (distinct district|ts on the topic)',
        byScore.size,
        await count(ch, 'SELECT count() AS n FROM risk_scores FINAL'),
      );
      if (scores.length > byScore.size) {
        notes.push(
          `${TOPICS.riskScores}: ${scores.length - byScore.size} repeated messages (replays after a restart, identical); stored once`,
        );
      }
      for (const topic of [...Object.values(INTERNAL_TOPICS), SCREEN_LANE_TOPIC]) {
        notes.push(
          `${topic}: ${await topicSize(admin, topic)} messages (re-keyed copies; Kafka outputs may repeat after a crash, readers dedupe by id)`,
        );
      }
    } else {
      notes.push('Kafka not reachable: topic sizes, dead-letter topics and output topics not checked');
    }
    const twiceOpen = await rows<{ alert_id: string; versions: string }>(
      ch,
      `SELECT alert_id, toString(uniqExact(detected_at, since, severity)) AS versions FROM alerts
       WHERE status = 'open' GROUP BY alert_id HAVING uniqExact(detected_at, since, severity) > 1 LIMIT 20`,
    );
    for (const r of twiceOpen) {
      differences.push({
        area: 'alerts',
        what: `${r.alert_id}: two different open rows`,
        expected: 1,
        actual: Number(r.versions),
      });
    }
    const oneConditionTwice = await rows<{ type: string; subject: string; since: string; ids: string }>(
      ch,
      // One condition, one id: the same type, subject, start and level (a district's risk alert
      // has one id per warning level it reached, all from the same start) under two ids would be
      // an alert raised twice, e.g. by a replay minting a new id.
      `SELECT type, subject, toString(since) AS since, toString(uniqExact(alert_id)) AS ids FROM alerts FINAL
       WHERE status = 'open' GROUP BY type, subject, since, JSONExtractString(evidence, 'level')
       HAVING uniqExact(alert_id) > 1 LIMIT 20`,
    );
    for (const r of oneConditionTwice) {
      differences.push({
        area: 'alerts',
        what: `${r.type} ${r.subject} since ${r.since}: opened under several ids`,
        expected: 1,
        actual: Number(r.ids),
      });
    }

    const openTwice = await rows<{ type: string; subject: string; ids: string }>(
      ch,
      // A household, meter or ticket has at most one open alert of a type: a second one open at
      // the end is one condition raised twice under another id (e.g. a replay that dated a run
      // of water later) whose first copy nobody will resolve.
      `SELECT type, subject, arrayStringConcat(groupArray(alert_id), ' ') AS ids FROM alerts_current
       WHERE status = 'open' AND type IN ('utility_inactivity', 'water_running', 'meter_offline', 'ticket_overdue')
       GROUP BY type, subject HAVING count() > 1 LIMIT 20`,
    );
    for (const r of openTwice) {
      differences.push({
        area: 'alerts',
        what: `${r.type} ${r.subject}: open twice`,
        expected: 1,
        actual: r.ids,
      });
    }

    // ---- derived tables against the truth ---------------------------------------------------
    const derived: ReconcileReport['derived'] = {};
    const record = (area: string, comparison: Comparison) => {
      derived[area] = { compared: comparison.compared, differences: comparison.differences.length };
      for (const d of comparison.differences.slice(0, 50)) {
        differences.push({ area, what: `${d.what} ${d.id}`, expected: d.truth, actual: d.store });
      }
    };
    const end = toEpochMs(scenario.end);
    const delivered = kafka === undefined ? truth : await deliveredTruth(kafka, truth, notes);
    record('tickets', await compareTickets(ch, delivered, end));
    record('ticket_summons', await compareSummons(ch, delivered, end));
    record('evacuation_events', await compareEvacuation(ch, truth));
    record('resource_events', await compareResources(ch, truth));
    record('household_usage_hourly', await compareUsageReadings(ch));

    // ---- what the screens were sent ---------------------------------------------------------
    const screens: ReconcileReport['screens'] = {};
    let capture: ScreensCapture | undefined;
    try {
      capture = JSON.parse(await readFile(path.join(input.runDir, 'screens.json'), 'utf8')) as ScreensCapture;
    } catch {
      notes.push('no screens.json in the run dir: what the screens were sent is not checked');
    }
    if (capture !== undefined) {
      for (const [area, comparison] of Object.entries(await compareScreens(ch, delivered, capture))) {
        screens[area] = { compared: comparison.compared, differences: comparison.differences.length };
        for (const d of comparison.differences.slice(0, 50)) {
          differences.push({
            area: `screen ${area}`,
            what: `${d.what} ${d.id}`,
            expected: d.truth,
            actual: d.store,
          });
        }
      }
    }
    return { topics, deadLetters, derived, screens, notes, differences };
  } finally {
    await admin?.disconnect();
  }
}

/**
 * The truth's tickets with only the stages the simulator really sent. A stage stamped before the
 * end can still miss it: an out-of-order original is held back 2-30 min and not sent when that
 * takes it past the end (packages/simulator/src/feed/feed.ts, `send` and `#push`), while the
 * ticket's truth lists its whole planned life. What reached Kafka is what was produced.
 */
async function deliveredTruth(
  kafka: Kafka,
  truth: readonly Record<string, unknown>[],
  notes: string[],
): Promise<Record<string, unknown>[]> {
  const sent = new Set<string>();
  for (const m of await readTopic(kafka, TOPICS.ticketEvents)) {
    try {
      const e = JSON.parse(m.value?.toString('utf8') ?? '') as {
        ticket_id?: string;
        event?: string;
        ts?: string;
      };
      if (e.ts !== undefined) sent.add(`${e.ticket_id}|${e.event}|${Date.parse(e.ts)}`);
    } catch {
      // malformed copies: dead letters, not stages
    }
  }
  let dropped = 0;
  const out = truth.map((entry) => {
    if (entry.type !== 'ticket') return entry;
    const t = entry as unknown as TicketTruth;
    const stages = t.stages.filter((s) => sent.has(`${t.ticket_id}|${s.event}|${toEpochMs(s.ts)}`));
    dropped += t.stages.filter((s) => !sent.has(`${t.ticket_id}|${s.event}|${toEpochMs(s.ts)}`)).length;
    return { ...entry, stages };
  });
  const planned = truth.filter((e) => e.type === 'ticket').length;
  notes.push(
    `tickets: compared with the ${planned} tickets' stages that reached Kafka; ${dropped} planned stages were never sent (after the end, or held back past it as out-of-order originals)`,
  );
  return out;
}

interface TicketTruth {
  type: 'ticket';
  ticket_id: string;
  district: string;
  stages: { event: string; ts: string; department?: string; departments?: string[] }[];
}

/** Whistles (吹哨) and arrivals (报到): one row per summoned department, at the truth's times. */
async function compareSummons(
  ch: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
  end: number,
): Promise<Comparison> {
  const stored = new Map(
    (
      await rows<{ ticket_id: string; department: string; whistle_ms: string; arrived_ms: string | null }>(
        ch,
        `SELECT ticket_id, department, toString(toUnixTimestamp64Milli(whistle_at)) AS whistle_ms,
                toString(toUnixTimestamp64Milli(arrived_at)) AS arrived_ms FROM ticket_summons FINAL`,
      )
    ).map((r) => [`${r.ticket_id}/${r.department}`, r]),
  );
  const differences: Comparison['differences'] = [];
  const expected = new Set<string>();
  for (const entry of truth) {
    if (entry.type !== 'ticket') continue;
    const t = entry as unknown as TicketTruth;
    const delivered = t.stages.filter((s) => toEpochMs(s.ts) < end);
    for (const whistle of delivered.filter((s) => s.event === 'whistle')) {
      for (const department of whistle.departments ?? []) {
        const key = `${t.ticket_id}/${department}`;
        if (expected.has(key)) continue;
        expected.add(key);
        const arrived = delivered.find((s) => s.event === 'arrived' && s.department === department);
        const row = stored.get(key);
        if (row === undefined) {
          differences.push({ what: 'summons missing', id: key, store: null, truth: whistle.ts });
          continue;
        }
        if (Number(row.whistle_ms) !== toEpochMs(whistle.ts))
          differences.push({
            what: 'whistle_at',
            id: key,
            store: Number(row.whistle_ms),
            truth: toEpochMs(whistle.ts),
          });
        const want = arrived === undefined ? null : toEpochMs(arrived.ts);
        const got = row.arrived_ms === null ? null : Number(row.arrived_ms);
        if (got !== want) differences.push({ what: 'arrived_at', id: key, store: got, truth: want });
      }
    }
  }
  for (const key of stored.keys()) {
    if (!expected.has(key))
      differences.push({ what: 'summons not in truth', id: key, store: 'row', truth: null });
  }
  return { compared: expected.size, differences };
}

type Replica = ScreensCapture['replica'][string];

/** A comparison being counted. */
interface Tally {
  compared: number;
  differences: Comparison['differences'];
}

/** The screens' final content against ClickHouse and the truth, and the client's copy against the server's. */
async function compareScreens(
  ch: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
  capture: ScreensCapture,
): Promise<Record<string, Comparison>> {
  const out: Record<string, Comparison> = {};
  const channel = (name: string): Replica => capture.replica[name] ?? { seq: 0, as_of: null, data: {} };

  // The client's copy (snapshot + every delta in seq order) against the server's state.
  const copy: Tally = { compared: 0, differences: [] };
  for (const [name, api] of Object.entries(capture.api)) {
    if (name === 'pipeline') continue; // status of the moment, republished every 2 s
    copy.compared++;
    const mine = channel(name);
    if (canonical(mine.data) !== canonical(api.data) || mine.seq !== api.seq) {
      copy.differences.push({
        what: 'client copy differs from /api/state',
        id: name,
        store: `seq ${mine.seq}`,
        truth: `seq ${api.seq}`,
      });
    }
  }
  out['client copy vs server'] = copy;

  // evacuation: people transferred and in each shelter.
  const evac: Tally = { compared: 0, differences: [] };
  const evacuationTruth = truth.find((e) => e.type === 'evacuation') as
    | { transferred: number; occupancy: Record<string, number> }
    | undefined;
  const evacuation = channel('evacuation').data;
  const [transferred] = await rows<{ n: string }>(
    ch,
    `SELECT toString(sum(people)) AS n FROM evacuation_events FINAL WHERE action = 'transferred'`,
  );
  const screenTotal = (evacuation.total as { transferred?: number; in_shelters?: number } | undefined) ?? {};
  const pairs: [string, unknown, unknown][] = [
    ['total transferred vs ClickHouse', screenTotal.transferred ?? 0, Number(transferred?.n ?? 0)],
    ['total transferred vs truth', screenTotal.transferred ?? 0, evacuationTruth?.transferred ?? 0],
  ];
  const occupancy = await rows<{ shelter_id: string; n: string }>(
    ch,
    `SELECT shelter_id, toString(sumIf(people, action = 'check_in') - sumIf(people, action = 'check_out')) AS n
     FROM evacuation_events FINAL WHERE action IN ('check_in', 'check_out') GROUP BY shelter_id`,
  );
  const stored = new Map(occupancy.map((r) => [r.shelter_id, Number(r.n)]));
  for (const [key, value] of Object.entries(evacuation)) {
    if (!key.startsWith('shelter:')) continue;
    const id = key.slice('shelter:'.length);
    const shown = (value as { occupancy: number }).occupancy;
    pairs.push([`${id} occupancy vs ClickHouse`, shown, stored.get(id) ?? 0]);
    pairs.push([`${id} occupancy vs truth`, shown, evacuationTruth?.occupancy[id] ?? 0]);
  }
  for (const [what, shown, want] of pairs) {
    evac.compared++;
    if (shown !== want) evac.differences.push({ what: 'evacuation', id: what, store: shown, truth: want });
  }
  out.evacuation = evac;

  // resources: units per type and status, from each resource's latest event.
  const res: Tally = { compared: 0, differences: [] };
  const units = await rows<{ resource_id: string; type: string; status: string; quantity: string }>(
    ch,
    `SELECT resource_id, toString(argMax(type, ts)) AS type, toString(argMax(status, ts)) AS status,
            toString(argMax(quantity, ts)) AS quantity FROM resource_events FINAL GROUP BY resource_id`,
  );
  const fromStore = new Map<string, number>();
  const fromTruth = new Map<string, number>();
  const finalStatus = new Map(
    truth.filter((e) => e.type === 'resource').map((e) => [String(e.resource_id), String(e.final_status)]),
  );
  for (const u of units) {
    fromStore.set(
      `${u.type}/${u.status}`,
      (fromStore.get(`${u.type}/${u.status}`) ?? 0) + Number(u.quantity),
    );
    const s = finalStatus.get(u.resource_id) ?? 'unknown';
    fromTruth.set(`${u.type}/${s}`, (fromTruth.get(`${u.type}/${s}`) ?? 0) + Number(u.quantity));
  }
  const shown = new Map<string, number>();
  for (const value of Object.values(channel('resources').data)) {
    const v = value as { type: string; by_status: Record<string, number> };
    for (const [status, n] of Object.entries(v.by_status)) if (n !== 0) shown.set(`${v.type}/${status}`, n);
  }
  for (const key of new Set([...shown.keys(), ...fromStore.keys(), ...fromTruth.keys()])) {
    res.compared++;
    if ((shown.get(key) ?? 0) !== (fromStore.get(key) ?? 0))
      res.differences.push({
        what: 'units vs ClickHouse',
        id: key,
        store: shown.get(key) ?? 0,
        truth: fromStore.get(key) ?? 0,
      });
    if ((shown.get(key) ?? 0) !== (fromTruth.get(key) ?? 0))
      res.differences.push({
        what: 'units vs truth',
        id: key,
        store: shown.get(key) ?? 0,
        truth: fromTruth.get(key) ?? 0,
      });
  }
  out.resources = res;

  // tickets: reported, resolved and open in the last 24 h (the whole scenario here), against the truth.
  const tix: Tally = { compared: 0, differences: [] };
  const scenario = truth.find((e) => e.type === 'scenario') as { end: string };
  const end = toEpochMs(scenario.end);
  const want = new Map<string, { reported: number; resolved: number; open: number }>();
  const bump = (key: string, field: 'reported' | 'resolved' | 'open') => {
    const entry = want.get(key) ?? { reported: 0, resolved: 0, open: 0 };
    entry[field]++;
    want.set(key, entry);
  };
  const tickets = truth.filter((e) => e.type === 'ticket') as unknown as TicketTruth[];
  const reportedTimes = tickets.flatMap((t) =>
    t.stages.filter((s) => s.event === 'reported' && toEpochMs(s.ts) < end).map((s) => toEpochMs(s.ts)),
  );
  const newest = Math.max(...reportedTimes);
  for (const t of tickets) {
    const delivered = t.stages.filter((s) => toEpochMs(s.ts) < end);
    const reported = delivered.find((s) => s.event === 'reported');
    if (reported === undefined || toEpochMs(reported.ts) <= newest - 24 * 3_600_000) continue;
    const has = (event: string) => delivered.some((s) => s.event === event);
    for (const key of ['all', t.district]) {
      bump(key, 'reported');
      if (has('resolved')) bump(key, 'resolved');
      if (!has('resolved') && !has('closed') && !has('cancelled')) bump(key, 'open');
    }
  }
  const ticketScreen = channel('tickets').data;
  for (const [key, expected] of want) {
    const v = ticketScreen[key] as { reported: number; resolved: number; open: number } | undefined;
    for (const field of ['reported', 'resolved', 'open'] as const) {
      tix.compared++;
      if (v?.[field] !== expected[field])
        tix.differences.push({ what: field, id: key, store: v?.[field] ?? null, truth: expected[field] });
    }
  }
  out.tickets = tix;

  // alerts: every alert open in ClickHouse is on the screen, open.
  const al: Tally = { compared: 0, differences: [] };
  const openIds = new Set(
    (await rows<{ alert_id: string }>(ch, `SELECT alert_id FROM alerts_current WHERE status = 'open'`)).map(
      (r) => r.alert_id,
    ),
  );
  const alertScreen = channel('alerts').data;
  for (const id of openIds) {
    al.compared++;
    const v = alertScreen[id] as { status?: string } | undefined;
    if (v?.status !== 'open')
      al.differences.push({ what: 'open alert', id, store: v?.status ?? null, truth: 'open' });
  }
  for (const [id, value] of Object.entries(alertScreen)) {
    if ((value as { status?: string }).status === 'open' && !openIds.has(id))
      al.differences.push({ what: 'shown open, not open in ClickHouse', id, store: 'open', truth: null });
  }
  out.alerts = al;

  // risk: each district's newest score; gauges: each gauge's newest reading.
  out.risk = await compareNewest(ch, channel('risk').data, {
    table: 'risk_scores',
    key: 'district',
    value: 'score',
    what: 'newest score',
  });
  out.gauges = await compareNewest(ch, channel('gauges').data, {
    table: 'water_levels',
    key: 'gauge_id',
    value: 'level_m',
    what: 'newest reading',
  });
  return out;
}

/** A channel keyed like a table shows, per key, the newest row's `ts` and value. */
async function compareNewest(
  ch: ClickHouseClient,
  screen: Record<string, unknown>,
  spec: { table: string; key: string; value: string; what: string },
): Promise<Comparison> {
  const { table, key, value, what } = spec;
  const tally: Tally = { compared: 0, differences: [] };
  const newest = await rows<{ id: string; ts_ms: string; v: number }>(
    ch,
    `SELECT ${key} AS id, toString(toUnixTimestamp64Milli(max(ts))) AS ts_ms, argMax(${value}, ts) AS v
     FROM ${table} FINAL GROUP BY ${key}`,
  );
  for (const r of newest) {
    tally.compared++;
    const shown = screen[r.id] as Record<string, unknown> | undefined;
    const shownMs = typeof shown?.ts === 'string' ? toEpochMs(shown.ts) : null;
    if (shownMs !== Number(r.ts_ms) || shown?.[value] !== r.v)
      tally.differences.push({
        what,
        id: r.id,
        store: [shownMs, shown?.[value]],
        truth: [Number(r.ts_ms), r.v],
      });
  }
  return tally;
}

/** The report as text: a table per topic, dead letters by reason, every difference. */
export function formatReport(report: ReconcileReport): string {
  const lines: string[] = [];
  const n = (v: number | null) => (v === null ? '-' : String(v));
  lines.push(
    'topic                           sent    kafka  expected   stored  (unmerged)  invalid  dlq(distinct)  dead_letters',
  );
  for (const t of report.topics) {
    lines.push(
      `${t.topic.padEnd(28)} ${String(t.sent).padStart(8)} ${n(t.kafka).padStart(8)} ${String(t.expectedRows).padStart(9)} ${String(t.storedRows).padStart(8)} ${`(${t.rowsBeforeMerge})`.padStart(11)} ${String(t.invalid).padStart(8)} ${`${n(t.dlqLetters)}(${n(t.dlqDistinct)})`.padStart(14)} ${String(t.deadLetterRows).padStart(13)}`,
    );
  }
  lines.push('', 'dead letters by reason code (dead_letters table):');
  for (const [topic, codes] of Object.entries(report.deadLetters)) {
    for (const [code, { n: total, reasons }] of Object.entries(codes)) {
      lines.push(`  ${topic} ${code}: ${total}   e.g. ${reasons.map(([r, k]) => `"${r}" ×${k}`).join('; ')}`);
    }
  }
  lines.push('', 'derived tables vs truth:');
  for (const [area, r] of Object.entries(report.derived))
    lines.push(`  ${area.padEnd(24)} compared ${r.compared}, differences ${r.differences}`);
  lines.push('', 'screens (final feed content) vs ClickHouse / truth:');
  for (const [area, r] of Object.entries(report.screens))
    lines.push(`  ${area.padEnd(24)} compared ${r.compared}, differences ${r.differences}`);
  if (report.notes.length > 0) lines.push('', 'notes:', ...report.notes.map((note) => `  - ${note}`));
  lines.push(
    '',
    report.differences.length === 0 ? 'DIFFERENCES: none' : `DIFFERENCES: ${report.differences.length}`,
  );
  for (const d of report.differences) {
    lines.push(
      `  [${d.area}] ${d.what}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`,
    );
  }
  return lines.join('\n');
}

/** Opens a ClickHouse client on `url`, waiting until it answers. */
export async function connectClickHouse(url: string): Promise<ClickHouseClient> {
  const client = createClient({ url, database: 'onegrid', request_timeout: 300_000 });
  await waitUntil(async () => ((await client.ping()).success ? true : undefined), {
    deadlineMs: 60_000,
    intervalMs: 250,
    describe: () => `ClickHouse at ${url} does not answer`,
  });
  return client;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'run-dir': { type: 'string' },
      'clickhouse-url': { type: 'string' },
      brokers: { type: 'string' },
    },
  });
  const runDir = values['run-dir'];
  if (runDir === undefined) {
    console.error(
      'usage: node test/soak/reconcile.ts --run-dir .onegrid/soak/<run> [--clickhouse-url URL] [--brokers LIST]',
    );
    return 2;
  }
  const run = JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8').catch(() => '{}')) as {
    brokers?: string;
  };
  const children = new Children(runDir);
  process.on('exit', () => children.killAllNow());
  let url = values['clickhouse-url'];
  let chdb: ReturnType<Children['start']> | undefined;
  if (url === undefined) {
    const port = await freePort();
    const token = randomBytes(24).toString('base64url');
    chdb = children.start(
      'chdb-server',
      process.execPath,
      [path.join(ROOT, 'packages/chdb-server/src/main.ts')],
      {
        ...process.env,
        ONEGRID_CHDB_PATH: path.resolve(runDir, 'chdb'),
        ONEGRID_CHDB_SERVER_PORT: String(port),
        ONEGRID_CHDB_SERVER_TOKEN: token,
        LOG_LEVEL: 'warn',
      },
      'chdb-server-reconcile',
    );
    url = `http://default:${token}@127.0.0.1:${port}`;
  }
  const clickhouse = await connectClickHouse(url);
  const brokers = values.brokers ?? run.brokers;
  let kafka: Kafka | undefined;
  if (brokers !== undefined) {
    const candidate = createKafka(
      loadKafkaConfig({ KAFKA_BROKERS: brokers, ONEGRID_KAFKA_CLIENT: process.env.ONEGRID_KAFKA_CLIENT }),
      createLogger('reconcile', 'error'),
    );
    const admin = candidate.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      kafka = candidate;
    } catch {
      console.error(`Kafka at ${brokers} does not answer: Kafka-side checks skipped`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  try {
    const report = await reconcile({ runDir, clickhouse, kafka });
    console.log(formatReport(report));
    await writeFile(path.join(runDir, 'reconcile.json'), `${JSON.stringify(report, null, 2)}\n`);
    return report.differences.length === 0 ? 0 : 1;
  } finally {
    await clickhouse.close();
    await chdb?.stop();
  }
}

if (import.meta.main) process.exitCode = await main();
