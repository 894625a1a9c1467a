import type { ClickHouseClient } from '@clickhouse/client';
import { isoCstMillis } from '@onegrid/contracts';
import type { ChannelValue } from '../feed/channels.ts';
import { AS_OF, type Polled, rows } from './poll.ts';
import { resourcesByType } from './resources-value.ts';

// shelter_occupancy_now's query with the AS_OF bound a view cannot take (far future when live,
// a past time in a replay). The registry is joined, not read through shelter_dict: see migration 0022.
const SHELTERS = `
SELECT s.shelter_id AS shelter_id, s.name AS name, s.district AS district, s.capacity AS capacity,
       toInt64(e.checked_in) - toInt64(e.checked_out) AS occupancy, toInt64(s.capacity) - occupancy AS free,
       s.lat AS lat, s.lon AS lon
FROM shelters_current AS s
LEFT JOIN (SELECT shelter_id, sumIf(people, action = 'check_in') AS checked_in,
                  sumIf(people, action = 'check_out') AS checked_out
           FROM evacuation_events FINAL
           WHERE action IN ('check_in', 'check_out') AND ts <= ${AS_OF}
           GROUP BY shelter_id) AS e ON e.shelter_id = s.shelter_id
ORDER BY shelter_id
SETTINGS join_use_nulls = 0`;

const TRANSFERRED = `
SELECT district, sum(people) AS people FROM evacuation_events FINAL
WHERE action = 'transferred' AND ts <= ${AS_OF} GROUP BY district`;

const EVACUATION_NEWEST = `SELECT toUnixTimestamp64Milli(max(ts)) AS ms, count() AS n FROM evacuation_events WHERE ts <= ${AS_OF}`;

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
export async function pollEvacuation(
  client: ClickHouseClient,
  asOfMs?: number,
): Promise<Polled<'evacuation'>> {
  const [shelters, transferred, [newest]] = await Promise.all([
    rows<ShelterRow>(client, SHELTERS, asOfMs),
    rows<{ district: string; people: number }>(client, TRANSFERRED, asOfMs),
    rows<{ ms: number; n: number }>(client, EVACUATION_NEWEST, asOfMs),
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

// resource_status_now's query (latest event of each resource) with the AS_OF bound.
const RESOURCES = `
SELECT type, status, sum(quantity) AS quantity, toUnixTimestamp64Milli(max(since)) AS newest_ms
FROM (SELECT resource_id, argMax(type, ts) AS type, argMax(status, ts) AS status,
             argMax(quantity, ts) AS quantity, max(ts) AS since
      FROM resource_events WHERE ts <= ${AS_OF} GROUP BY resource_id)
GROUP BY type, status ORDER BY type, status`;

/** `resources`: per resource type, the units in each status now. */
export async function pollResources(client: ClickHouseClient, asOfMs?: number): Promise<Polled<'resources'>> {
  const result = await rows<{ type: string; status: string; quantity: number; newest_ms: number }>(
    client,
    RESOURCES,
    asOfMs,
  );
  const { data, asOf } = resourcesByType(result.map((r) => ({ ...r, ts: r.newest_ms })));
  return { channel: 'resources', data, asOf };
}
