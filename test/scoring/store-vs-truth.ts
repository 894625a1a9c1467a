// What ClickHouse says against what the simulator planted and sent: tickets' stage times,
// evacuation counts, resources' last status. Every difference is listed; expected: none.
import type { ClickHouseClient } from '@clickhouse/client';
import { toEpochMs } from '@onegrid/contracts';

export interface Difference {
  readonly what: string;
  readonly id: string;
  readonly store: unknown;
  readonly truth: unknown;
}

export interface Comparison {
  readonly compared: number;
  readonly differences: Difference[];
}

interface TicketTruth {
  type: 'ticket';
  ticket_id: string;
  district: string;
  category: string;
  priority: string;
  stages: { event: string; ts: string; department?: string; departments?: string[]; satisfaction?: number }[];
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

const ms = (value: string | null | undefined): number | null =>
  value === null || value === undefined ? null : Date.parse(`${value.replace(' ', 'T')}+08:00`);

/**
 * Tickets: every stage the scenario delivered before its end is in the ticket's row, at its time
 * (the first acceptance, dispatch and resolution; the latest rating, closing and cancellation).
 */
export async function compareTickets(
  client: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
  end: number,
): Promise<Comparison> {
  const stored = new Map(
    (
      await rows<{
        ticket_id: string;
        district: string;
        category: string;
        priority: string;
        reported_at: string | null;
        accepted_at: string | null;
        dispatched_at: string | null;
        first_resolved_at: string | null;
        rated_at: string | null;
        satisfaction: number | null;
        closed_at: string | null;
        cancelled_at: string | null;
      }>(
        client,
        `SELECT ticket_id, district, category, priority, toString(reported_at) AS reported_at,
                toString(accepted_at) AS accepted_at, toString(dispatched_at) AS dispatched_at,
                toString(first_resolved_at) AS first_resolved_at, toString(rated_at) AS rated_at, satisfaction,
                toString(closed_at) AS closed_at, toString(cancelled_at) AS cancelled_at
         FROM tickets FINAL`,
      )
    ).map((r) => [r.ticket_id, r]),
  );
  const differences: Difference[] = [];
  let compared = 0;
  for (const entry of truth) {
    if (entry.type !== 'ticket') continue;
    const t = entry as unknown as TicketTruth;
    const delivered = t.stages.filter((s) => toEpochMs(s.ts) < end);
    if (delivered.length === 0) continue;
    compared++;
    const row = stored.get(t.ticket_id);
    if (row === undefined) {
      differences.push({ what: 'ticket missing', id: t.ticket_id, store: null, truth: delivered.length });
      continue;
    }
    const first = (event: string) => {
      const stage = delivered.find((s) => s.event === event);
      return stage === undefined ? null : toEpochMs(stage.ts);
    };
    // A reopened ticket is rated and closed again: the row keeps the latest of those.
    const lastStage = (event: string) => delivered.findLast((s) => s.event === event);
    const last = (event: string) => {
      const stage = lastStage(event);
      return stage === undefined ? null : toEpochMs(stage.ts);
    };
    const checks: [string, number | string | null, number | string | null][] = [
      ['reported_at', ms(row.reported_at), first('reported')],
      ['accepted_at', ms(row.accepted_at), first('accepted')],
      ['dispatched_at', ms(row.dispatched_at), first('dispatched')],
      ['first_resolved_at', ms(row.first_resolved_at), first('resolved')],
      ['rated_at', ms(row.rated_at), last('rated')],
      ['closed_at', ms(row.closed_at), last('closed')],
      ['cancelled_at', ms(row.cancelled_at), last('cancelled')],
      ['satisfaction', row.satisfaction, lastStage('rated')?.satisfaction ?? null],
    ];
    if (first('reported') !== null) {
      checks.push(['district', row.district, t.district], ['category', row.category, t.category]);
      checks.push(['priority', row.priority, t.priority]);
    }
    for (const [what, store, expected] of checks) {
      if (store !== expected)
        differences.push({ what: `ticket ${what}`, id: t.ticket_id, store, truth: expected });
    }
  }
  for (const id of stored.keys()) {
    if (!truth.some((e) => e.type === 'ticket' && e.ticket_id === id)) {
      differences.push({ what: 'ticket not in truth', id, store: 'row', truth: null });
    }
  }
  return { compared, differences };
}

interface EvacuationTruth {
  transferred: number;
  checked_in: number;
  checked_out: number;
  by_district: Record<string, { transferred: number; checked_in: number; checked_out: number }>;
  occupancy: Record<string, number>;
}

/** Evacuation: people transferred, checked in and out, by district, and each shelter's occupancy. */
export async function compareEvacuation(
  client: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
): Promise<Comparison> {
  const expected = truth.find((e) => e.type === 'evacuation') as unknown as EvacuationTruth | undefined;
  if (expected === undefined)
    return { compared: 0, differences: [{ what: 'no evacuation truth', id: '-', store: null, truth: null }] };
  const byDistrict = await rows<{ district: string; action: string; people: string }>(
    client,
    `SELECT district, toString(action) AS action, toString(sum(people)) AS people
     FROM evacuation_events FINAL GROUP BY district, action`,
  );
  const occupancy = await rows<{ shelter_id: string; occupancy: string }>(
    client,
    `SELECT shelter_id, toString(sumIf(people, action = 'check_in') - sumIf(people, action = 'check_out')) AS occupancy
     FROM evacuation_events FINAL WHERE action IN ('check_in', 'check_out') GROUP BY shelter_id`,
  );
  const differences: Difference[] = [];
  const got = new Map<string, number>();
  for (const r of byDistrict) got.set(`${r.district}/${r.action}`, Number(r.people));
  const total = (action: string) =>
    [...got].filter(([k]) => k.endsWith(`/${action}`)).reduce((sum, [, v]) => sum + v, 0);
  const pairs: [string, number, number][] = [
    ['transferred', total('transferred'), expected.transferred],
    ['checked_in', total('check_in'), expected.checked_in],
    ['checked_out', total('check_out'), expected.checked_out],
  ];
  for (const [district, counts] of Object.entries(expected.by_district)) {
    pairs.push([`${district} transferred`, got.get(`${district}/transferred`) ?? 0, counts.transferred]);
    pairs.push([`${district} checked_in`, got.get(`${district}/check_in`) ?? 0, counts.checked_in]);
    pairs.push([`${district} checked_out`, got.get(`${district}/check_out`) ?? 0, counts.checked_out]);
  }
  const stored = new Map(occupancy.map((r) => [r.shelter_id, Number(r.occupancy)]));
  for (const [shelter, people] of Object.entries(expected.occupancy)) {
    pairs.push([`occupancy ${shelter}`, stored.get(shelter) ?? 0, people]);
  }
  for (const [what, store, want] of pairs) {
    if (store !== want) differences.push({ what: 'evacuation', id: what, store, truth: want });
  }
  return { compared: pairs.length, differences };
}

/** Resources: each one's last status by event time. */
export async function compareResources(
  client: ClickHouseClient,
  truth: readonly Record<string, unknown>[],
): Promise<Comparison> {
  const stored = new Map(
    (
      await rows<{ resource_id: string; status: string; district: string }>(
        client,
        `SELECT resource_id, toString(argMax(status, ts)) AS status, toString(argMax(district, ts)) AS district
         FROM resource_events FINAL GROUP BY resource_id`,
      )
    ).map((r) => [r.resource_id, r]),
  );
  const differences: Difference[] = [];
  let compared = 0;
  for (const entry of truth) {
    if (entry.type !== 'resource') continue;
    compared++;
    const id = String(entry.resource_id);
    const row = stored.get(id);
    if (row?.status !== entry.final_status) {
      differences.push({
        what: 'resource status',
        id,
        store: row?.status ?? null,
        truth: entry.final_status,
      });
    }
    if (row !== undefined && row.district !== entry.final_district) {
      differences.push({ what: 'resource district', id, store: row.district, truth: entry.final_district });
    }
  }
  return { compared, differences };
}

/**
 * Hourly usage counts each stored reading once: over the hours the utility detector has closed
 * (before the newest hour it wrote), the readings counts of household_usage_hourly add up to
 * the meter readings stored for those hours, less those it set aside as too late. A reading on
 * the hour closes the interval that ends there, so it counts in the hour before (as usage does).
 */
export async function compareUsageReadings(ch: ClickHouseClient): Promise<Comparison> {
  const [cut] = await rows<{ last: string; n: string }>(
    ch,
    `SELECT toString(toUnixTimestamp(max(hour))) AS last, toString(count()) AS n FROM household_usage_hourly`,
  );
  if (cut === undefined || Number(cut.n) === 0) return { compared: 0, differences: [] };
  const before = `toDateTime(${Number(cut.last)}, 'Asia/Shanghai')`;
  const [usage] = await rows<{ water: string; power: string }>(
    ch,
    `SELECT toString(sum(water_readings)) AS water, toString(sum(electricity_readings)) AS power
     FROM household_usage_hourly FINAL WHERE hour < ${before}`,
  );
  const [readings] = await rows<{ water: string; power: string }>(
    ch,
    `SELECT toString(countIf(kind = 'water')) AS water, toString(countIf(kind = 'electricity')) AS power
     FROM meter_readings FINAL WHERE toStartOfHour(ts - INTERVAL 1 MILLISECOND) < ${before}`,
  );
  const [lateRow] = await rows<{ n: string }>(
    ch,
    `SELECT toString(count()) AS n FROM late_events FINAL WHERE processor = 'utility-inactivity' AND event_time < ${before}`,
  );
  const late = Number(lateRow?.n ?? 0);
  const differences: Difference[] = [];
  const counted = Number(usage?.water ?? 0) + Number(usage?.power ?? 0);
  const stored = Number(readings?.water ?? 0) + Number(readings?.power ?? 0);
  if (counted + late !== stored) {
    differences.push(...(await shortHours(ch, before)));
    differences.push({
      what: 'readings in closed hours: counted in hourly usage + late (stored)',
      id: `before ${new Date(Number(cut.last) * 1000).toISOString()}: water ${usage?.water}/${readings?.water}, electricity ${usage?.power}/${readings?.power}, late ${late}`,
      store: counted + late,
      truth: stored,
    });
  }
  return { compared: stored, differences };
}

/**
 * Which households and hours a failed usage comparison is short in, with the household's first
 * counted hour and its partition hash (`kafkaMurmurHash(id) % partitions` is its re-key
 * partition): enough to tell a partition still behind from a household whose hours were lost.
 */
async function shortHours(ch: ClickHouseClient, before: string): Promise<Difference[]> {
  const short = await rows<{
    household_id: string;
    hour: string;
    stored: string;
    counted: string;
    first: string;
    hash: string;
  }>(
    ch,
    `SELECT r.household_id AS household_id, toString(r.hour) AS hour, toString(r.stored) AS stored,
            toString(u.counted) AS counted, toString(f.first) AS first,
            toString(kafkaMurmurHash(r.household_id)) AS hash
     FROM (SELECT household_id, toStartOfHour(ts - INTERVAL 1 MILLISECOND) AS hour, count() AS stored
           FROM meter_readings FINAL WHERE hour < ${before} GROUP BY household_id, hour) AS r
     LEFT JOIN (SELECT household_id, hour, water_readings + electricity_readings AS counted
                FROM household_usage_hourly FINAL) AS u ON u.household_id = r.household_id AND u.hour = r.hour
     LEFT JOIN (SELECT household_id, min(hour) AS first FROM household_usage_hourly GROUP BY household_id) AS f
       ON f.household_id = r.household_id
     WHERE r.stored != u.counted ORDER BY r.household_id, r.hour LIMIT 40`,
  );
  return short.map((r) => ({
    what: `short hour (first counted ${r.first}, hash ${r.hash})`,
    id: `${r.household_id} ${r.hour}`,
    store: Number(r.counted),
    truth: Number(r.stored),
  }));
}
