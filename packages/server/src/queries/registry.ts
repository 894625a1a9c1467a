import type { ClickHouseClient } from '@clickhouse/client';
import { GAUGES_SQL } from './gauge-registry.ts';
import { selectRows } from './run.ts';

export const REGISTRIES = ['districts', 'gauges', 'shelters', 'stations'] as const;
export type RegistryName = (typeof REGISTRIES)[number];

// One fixed query per registry (the name is a validated enum). No personal data in any of them.
const SQL: Record<RegistryName, string> = {
  districts: 'SELECT code, name_zh, name_en, population FROM districts FINAL ORDER BY code',
  gauges: `${GAUGES_SQL} ORDER BY gauge_id`,
  shelters: 'SELECT shelter_id, name, district, lat, lon, capacity FROM shelters_current ORDER BY shelter_id',
  stations: 'SELECT station_id, name, district, lat, lon FROM stations_current ORDER BY station_id',
};

export function readRegistry(client: ClickHouseClient | undefined, name: RegistryName) {
  return selectRows<Record<string, unknown>>(client, SQL[name]);
}
