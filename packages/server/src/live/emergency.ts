import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis, resourceState } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { type Polled, rows } from './poll.ts';

// The registry is joined, not read through shelter_dict: see migration 0022.
const SHELTERS = `
SELECT o.shelter_id AS shelter_id, o.name AS name, o.district AS district, o.capacity AS capacity,
       o.occupancy AS occupancy, o.free AS free, s.lat AS lat, s.lon AS lon
FROM shelter_occupancy_now AS o
INNER JOIN shelters_current AS s ON s.shelter_id = o.shelter_id
ORDER BY shelter_id`;

const TRANSFERRED = `
SELECT district, sum(people) AS people FROM evacuation_events FINAL WHERE action = 'transferred' GROUP BY district`;

const EVACUATION_NEWEST = `SELECT toUnixTimestamp64Milli(max(ts)) AS ms, count() AS n FROM evacuation_events`;

interface ShelterRow {
  shelter_id: string;
  name: string;
  district: string;
  capacity: number;
  occupancy: number;
  free: number;
  lat: number;
  lon: number;
}

type Occupancy = { transferred: number; in_shelters: number; capacity: number; free: number };

/** `evacuation`: `total`, each district's occupancy, and `shelter:<id>` for every shelter. */
export async function pollEvacuation(client: ClickHouseClient): Promise<Polled<'evacuation'>> {
  const [shelters, transferred, [newest]] = await Promise.all([
    rows<ShelterRow>(client, SHELTERS),
    rows<{ district: string; people: number }>(client, TRANSFERRED),
    rows<{ ms: number; n: number }>(client, EVACUATION_NEWEST),
  ]);
  const total: Occupancy = { transferred: 0, in_shelters: 0, capacity: 0, free: 0 };
  const byDistrict = new Map<string, Occupancy>();
  const district = (code: string) => {
    let entry = byDistrict.get(code);
    if (entry === undefined) {
      entry = { transferred: 0, in_shelters: 0, capacity: 0, free: 0 };
      byDistrict.set(code, entry);
    }
    return entry;
  };
  const data: Record<string, ChannelValue<'evacuation'>> = {};
  for (const s of shelters) {
    const d = district(s.district);
    for (const target of [d, total]) {
      target.in_shelters += s.occupancy;
      target.capacity += s.capacity;
      target.free += s.free;
    }
    data[`shelter:${s.shelter_id}`] = {
      shelter_id: s.shelter_id,
      name: s.name,
      district: s.district,
      lat: s.lat,
      lon: s.lon,
      capacity: s.capacity,
      occupancy: s.occupancy,
    };
  }
  for (const t of transferred) {
    district(t.district).transferred += t.people;
    total.transferred += t.people;
  }
  data.total = total;
  for (const [code, occupancy] of byDistrict) data[code] = occupancy;
  const asOf = newest === undefined || newest.n === 0 ? undefined : isoCstMillis(newest.ms);
  return { channel: 'evacuation', data, asOf };
}

const RESOURCES = `
SELECT type, status, sum(quantity) AS quantity, toUnixTimestamp64Milli(max(since)) AS newest_ms
FROM resource_status_now GROUP BY type, status ORDER BY type, status`;

type ByStatus = ChannelValue<'resources'>['by_status'];

/** `resources`: per resource type, the units in each status now. */
export async function pollResources(client: ClickHouseClient): Promise<Polled<'resources'>> {
  const result = await rows<{ type: string; status: string; quantity: number; newest_ms: number }>(
    client,
    RESOURCES,
  );
  const data: Record<string, ChannelValue<'resources'>> = {};
  let newest = Number.NEGATIVE_INFINITY;
  for (const row of result) {
    const entry = data[row.type] ?? {
      type: row.type,
      by_status: Object.fromEntries(resourceState.options.map((s) => [s, 0])) as ByStatus,
    };
    data[row.type] = entry;
    if (row.status in entry.by_status) entry.by_status[row.status as keyof ByStatus] += row.quantity;
    newest = Math.max(newest, row.newest_ms);
  }
  return { channel: 'resources', data, asOf: Number.isFinite(newest) ? isoCstMillis(newest) : undefined };
}
