import { decodeOrThrow, schemaFor, TOPICS, type Topic } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { parseStatement } from '../ddl/statements.ts';
import { readMigrations } from '../migrations/files.ts';
import { ROW_MAPPERS, rowMapperFor } from './by-topic.ts';
import { deadLetterRow } from './outputs.ts';
import { registryTombstoneRow } from './registries.ts';
import { TABLES, TOPIC_TABLES } from './tables.ts';

// One valid message per topic, as STREAMS.md shows them (registries filled in, with personal data).
const EXAMPLES: Record<Topic, string> = {
  [TOPICS.meterReadings]:
    '{"meter_id":"WM-00012345","household_id":"HH-00012345","kind":"water","ts":"2026-09-14T08:15:00+08:00","reading":1834.562,"unit":"m3"}',
  [TOPICS.weatherObservations]:
    '{"station_id":"AWS-58367","ts":"2026-09-14T08:15:00+08:00","period_s":300,"wind_speed_ms":17.4,"wind_gust_ms":26.1,"rain_mm":6.2,"pressure_hpa":978.4,"temp_c":25.1}',
  [TOPICS.waterLevels]: '{"gauge_id":"WL-HPJ-001","ts":"2026-09-14T08:15:00+08:00","level_m":4.37}',
  [TOPICS.ticketEvents]:
    '{"ticket_id":"T-20260914-000123","event":"reported","ts":"2026-09-14T08:01:12+08:00","district":"310101","street":"310101002","category":"waterlogging","source":"app","priority":"urgent","lat":31.2304,"lon":121.4737}',
  [TOPICS.evacuations]:
    '{"event_id":"EV-000981","ts":"2026-09-14T09:10:00+08:00","shelter_id":"SH-310101-03","district":"310101","action":"check_in","people":42}',
  [TOPICS.resources]:
    '{"resource_id":"RS-BOAT-017","ts":"2026-09-14T09:12:00+08:00","type":"boat","status":"dispatched","district":"310104","quantity":1}',
  [TOPICS.typhoonAdvisories]:
    '{"storm_id":"2614","name_zh":"海葵","ts":"2026-09-14T05:00:00+08:00","lat":29.8,"lon":122.6,"pressure_hpa":960,"max_wind_ms":42,"category":"strong_typhoon","move_dir_deg":315,"move_speed_kmh":18,"radii_km":{"r7":{"ne":300,"se":280,"sw":220,"nw":240},"r10":{"ne":120,"se":110,"sw":90,"nw":100}},"forecast":[{"ts":"2026-09-14T17:00:00+08:00","lat":30.9,"lon":121.9,"pressure_hpa":965,"max_wind_ms":38}]}',
  [TOPICS.households]:
    '{"household_id":"HH-00012345","district":"310101","street":"310101002","community":"310101002003","grid":"G-310101-0021","lives_alone":true,"vulnerable":["elderly"],"grid_worker":"GW-0042","name":"王秀英","contacts":[{"role":"family","phone":"+8613800000000","name":"王伟"}]}',
  [TOPICS.gauges]:
    '{"gauge_id":"WL-HPJ-001","name":"黄浦公园","district":"310101","lat":31.24,"lon":121.49,"kind":"river","warning_level_m":4.8,"guarantee_level_m":5.86}',
  [TOPICS.stations]:
    '{"station_id":"AWS-58367","name":"徐家汇","district":"310104","lat":31.19,"lon":121.43}',
  [TOPICS.shelters]:
    '{"shelter_id":"SH-310101-03","name":"格致中学","district":"310101","lat":31.23,"lon":121.48,"capacity":800}',
  [TOPICS.alerts]:
    '{"alert_id":"A-1","type":"utility_inactivity","severity":"critical","status":"open","subject":"HH-00012345","district":"310101","since":"2026-09-14T02:00:00+08:00","detected_at":"2026-09-14T11:00:00+08:00","evidence":{"hours":9}}',
  [TOPICS.riskScores]:
    '{"district":"310101","ts":"2026-09-14T09:00:00+08:00","score":72.5,"level":"orange","components":{"wind":0.8,"rain":0.6,"water":0.7,"exposure":0.5}}',
};

function rowOf(topic: Topic): Record<string, unknown> {
  const message = decodeOrThrow(schemaFor(topic), EXAMPLES[topic]);
  return rowMapperFor(topic)(message as never) as Record<string, unknown>;
}

async function tableColumns(): Promise<Map<string, { required: string[]; all: string[] }>> {
  const tables = new Map<string, { required: string[]; all: string[] }>();
  for (const migration of await readMigrations()) {
    for (const sql of migration.statements) {
      // Columns later migrations add (always with a default or Nullable: optional in a row).
      const added = /^ALTER TABLE (\w+) ADD COLUMN IF NOT EXISTS (\w+)/.exec(sql.trim());
      if (added !== null) {
        tables.get(added[1] as string)?.all.push(added[2] as string);
        continue;
      }
      const s = parseStatement(sql);
      if (s.kind !== 'create_table') continue;
      tables.set(s.name, {
        required: s.columns.filter((c) => !c.defaulted).map((c) => c.name),
        all: s.columns.map((c) => c.name),
      });
    }
  }
  return tables;
}

describe('rows > mappers', () => {
  it('give every topic a row with exactly the columns its table requires (defaulted ones optional)', async () => {
    const tables = await tableColumns();
    for (const topic of Object.keys(ROW_MAPPERS) as Topic[]) {
      const table = tables.get(TOPIC_TABLES[topic]);
      expect(table, TOPIC_TABLES[topic]).toBeDefined();
      const keys = Object.keys(rowOf(topic));
      for (const column of table?.required ?? []) expect(keys, `${topic} lacks ${column}`).toContain(column);
      for (const key of keys) expect(table?.all, `${topic}: no column ${key}`).toContain(key);
    }
  });

  it('never carry a household name, contact or phone number', () => {
    const row = rowOf(TOPICS.households);
    expect(row).not.toHaveProperty('name');
    expect(row).not.toHaveProperty('contacts');
    const text = JSON.stringify(row);
    expect(text).not.toContain('8613800000000');
    expect(text).not.toContain('王');
    expect(row).toMatchObject({ household_id: 'HH-00012345', lives_alone: true, vulnerable: ['elderly'] });
  });

  it('fill fields a ticket event leaves out with empty text or null', () => {
    const accepted = decodeOrThrow(
      schemaFor(TOPICS.ticketEvents),
      '{"ticket_id":"T-1","event":"whistle","ts":"2026-09-14T08:20:00+08:00","departments":["DEPT-POLICE"]}',
    );
    expect(rowMapperFor(TOPICS.ticketEvents)(accepted)).toEqual({
      ticket_id: 'T-1',
      event: 'whistle',
      ts: '2026-09-14T08:20:00+08:00',
      district: '',
      street: '',
      category: '',
      source: '',
      priority: '',
      department: '',
      departments: ['DEPT-POLICE'],
      satisfaction: null,
      lat: null,
      lon: null,
    });
  });

  it('keep a missing weather measurement as null, not zero', () => {
    expect(rowOf(TOPICS.weatherObservations)).toMatchObject({ wind_dir_deg: null, rain_mm: 6.2 });
  });

  it('store alert evidence as JSON text and flatten risk components', () => {
    expect(rowOf(TOPICS.alerts)).toMatchObject({ evidence: '{"hours":9}', grid: '', raised_at: null });
    expect(rowOf(TOPICS.riskScores)).toMatchObject({ wind: 0.8, rain: 0.6, water: 0.7, exposure: 0.5 });
  });
});

describe('rows > registryTombstoneRow', () => {
  it('marks the id deleted', () => {
    expect(registryTombstoneRow('gauges', 'WL-X')).toEqual({ gauge_id: 'WL-X', is_deleted: 1 });
  });
});

describe('rows > deadLetterRow', () => {
  it('keeps the reason and size, not the bytes, and matches the dead_letters columns', async () => {
    const row = deadLetterRow({
      topic: TOPICS.households,
      partition: 2,
      offset: 41,
      receivedAt: Date.UTC(2026, 8, 14, 0, 15),
      error: { code: 'invalid', reason: 'district: expected 6-digit district code, got "3101"' },
      bytes: 212,
      processor: 'archive',
    });
    expect(row.received_at).toBe('2026-09-14T00:15:00.000Z');
    const table = (await tableColumns()).get(TABLES.deadLetters);
    expect(Object.keys(row).sort()).toEqual([...(table?.all ?? [])].sort());
  });
});
