// Shared by this package's e2e tests only (not exported): a fresh store on embedded ClickHouse
// (chDB) with the store's migrations, and the registry rows and row makers the tests repeat.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadStoreConfig, migrate, openStore, type Store } from '@onegrid/store';

type Row = Record<string, unknown>;

export interface StoreFixture {
  readonly store: Store;
  /** Inserts rows as JSON, one object a row, as the processors' sinks do. */
  insert(table: string, values: Row[]): Promise<void>;
}

/** A store in a new temporary directory, database `onegrid_<name>_test`, every migration applied. */
export async function openStoreFixture(name: string): Promise<StoreFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), `onegrid-${name}-chdb-`));
  const store = await openStore(
    loadStoreConfig({ ...process.env, ONEGRID_CHDB_PATH: dir, CLICKHOUSE_DATABASE: `onegrid_${name}_test` }),
  );
  await migrate(store.client);
  return {
    store,
    insert: async (table, values) => {
      await store.client.insert({ table, values, format: 'JSONEachRow' });
    },
  };
}

/** A river gauge in 黄浦区 (warning 4.5 m, guarantee 5 m). */
export const GAUGE_WL1 = {
  gauge_id: 'WL-1',
  name: '黄浦公园',
  district: '310101',
  lat: 31.24,
  lon: 121.49,
  kind: 'river',
  warning_level_m: 4.5,
  guarantee_level_m: 5,
};

/** A weather station in 徐汇区 and one in 黄浦区. */
export const STATIONS = [
  { station_id: 'AWS-1', name: '徐家汇', district: '310104', lat: 31.19, lon: 121.43 },
  { station_id: 'AWS-2', name: '外滩', district: '310101', lat: 31.24, lon: 121.49 },
];

/** A shelter for 500 in 黄浦区. */
export const SHELTER_SH1 = {
  shelter_id: 'SH-1',
  name: '第一中学',
  district: '310101',
  lat: 31.23,
  lon: 121.48,
  capacity: 500,
};

/** A 5-minute observation: wind 20 m/s, gusts 30 m/s, 25 °C; rain and pressure as given. */
export const observation = (station_id: string, ts: string, rain_mm: number, pressure_hpa: number) => ({
  station_id,
  ts,
  period_s: 300,
  wind_speed_ms: 20,
  wind_gust_ms: 30,
  wind_dir_deg: 90,
  rain_mm,
  pressure_hpa,
  temp_c: 25,
});

/** People moved at shelter SH-1 (黄浦区). */
export const evacuation = (event_id: string, ts: string, action: string, people: number) => ({
  event_id,
  ts,
  shelter_id: 'SH-1',
  district: '310101',
  action,
  people,
});

/** A boat's status. */
export const boat = (
  resource_id: string,
  ts: string,
  status: string,
  district: string,
  quantity: number,
) => ({
  resource_id,
  ts,
  type: 'boat',
  status,
  district,
  quantity,
});

/** An urgent water ticket in 徐汇区, reported and within its hour: `extra` says the rest. */
export const ticket = (ticket_id: string, extra: Row) => ({
  ticket_id,
  district: '310104',
  street: 's',
  category: 'c',
  source: 'app',
  priority: 'urgent',
  department: 'water',
  status: 'reported',
  reopened: 0,
  limit_s: 3600,
  overdue: false,
  version: 1,
  ...extra,
});

/** A district's risk score with its four components. */
export const riskScore = (
  district: string,
  ts: string,
  score: number,
  level: string,
  components = { wind: 0.5, rain: 0.4, water: 0.3, exposure: 0.2 },
) => ({ district, ts, score, level, ...components });
