/**
 * Deliberately invalid copies of a valid message, as real feeds produce them: bytes that are not
 * JSON, fields of the wrong type, values outside physical range, ids no registry knows. Every
 * copy here fails the contract's schema or names an unknown id; the scenario test checks both.
 * They are rare (per-mille rates), so parsing and re-serialising the original is cheap enough.
 */
import { TOPICS, type Topic } from '@onegrid/contracts';
import type { Fault } from '../record.ts';
import type { Rng } from '../rng.ts';

export interface Corrupted {
  key: string;
  value: string | Uint8Array;
}

type Json = Record<string, unknown>;

/** The numeric field of each topic that a wrong-type or out-of-range copy spoils. */
const NUMERIC_FIELD: Partial<Record<Topic, string>> = {
  [TOPICS.meterReadings]: 'reading',
  [TOPICS.weatherObservations]: 'wind_speed_ms',
  [TOPICS.waterLevels]: 'level_m',
  [TOPICS.evacuations]: 'people',
  [TOPICS.resources]: 'quantity',
};

/** A value outside the contract's range for each numeric field. */
const OUT_OF_RANGE: Record<string, (rng: Rng) => number> = {
  reading: (rng) => -Math.round(rng.range(1, 5000)),
  wind_speed_ms: (rng) => Math.round(rng.range(150, 400)),
  level_m: (rng) => (rng.chance(0.5) ? 999.99 : -99.99),
  people: (rng) => -rng.int(50),
  quantity: () => 0,
  satisfaction: (rng) => 6 + rng.int(4),
  lat: () => 95.5,
};

export function corrupt(topic: Topic, key: string, value: string, fault: Fault, rng: Rng): Corrupted {
  switch (fault) {
    case 'malformed':
      return { key, value: malformed(value, rng) };
    case 'out_of_range':
      return outOfRange(topic, key, value, rng) ?? wrongType(topic, key, value);
    case 'unknown_id':
      return unknownId(topic, key, value, rng) ?? wrongType(topic, key, value);
    default:
      return wrongType(topic, key, value);
  }
}

function malformed(value: string, rng: Rng): string | Uint8Array {
  switch (rng.int(4)) {
    case 0: // cut off mid-message, as a dropped TCP frame leaves it
      return value.slice(0, 1 + rng.int(value.length - 2));
    case 1: // a gateway's error page instead of the payload
      return '<html><body><h1>502 Bad Gateway</h1></body></html>';
    case 2: // two messages glued together
      return `${value}${value.slice(0, 20)}`;
    default: // bytes that are not UTF-8 at all
      return new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]);
  }
}

function wrongType(topic: Topic, key: string, value: string): Corrupted {
  const json = JSON.parse(value) as Json;
  const field = NUMERIC_FIELD[topic];
  if (field && typeof json[field] === 'number') json[field] = String(json[field]);
  // A ticket event or a registry record has no number to spoil: its time becomes one instead.
  else json.ts = Math.floor(Date.parse(String(json.ts)) / 1000);
  return { key, value: JSON.stringify(json) };
}

function outOfRange(topic: Topic, key: string, value: string, rng: Rng): Corrupted | null {
  const json = JSON.parse(value) as Json;
  const field =
    topic === TOPICS.ticketEvents
      ? json.event === 'rated'
        ? 'satisfaction'
        : json.event === 'reported'
          ? 'lat'
          : undefined
      : NUMERIC_FIELD[topic];
  const make = field ? OUT_OF_RANGE[field] : undefined;
  if (!field || !make || typeof json[field] !== 'number') return null;
  json[field] = make(rng);
  return { key, value: JSON.stringify(json) };
}

const digits = (rng: Rng, n: number): string => String(rng.int(10 ** n)).padStart(n, '0');

function unknownId(topic: Topic, key: string, value: string, rng: Rng): Corrupted | null {
  const json = JSON.parse(value) as Json;
  switch (topic) {
    case TOPICS.meterReadings: {
      const n = `9${digits(rng, 7)}`;
      json.meter_id = `${String(json.meter_id).slice(0, 3)}${n}`;
      json.household_id = `HH-${n}`;
      return { key: String(json.meter_id), value: JSON.stringify(json) };
    }
    case TOPICS.weatherObservations:
      json.station_id = `AWS-X${digits(rng, 4)}`;
      return { key: String(json.station_id), value: JSON.stringify(json) };
    case TOPICS.waterLevels:
      json.gauge_id = `WL-X-${digits(rng, 3)}`;
      return { key: String(json.gauge_id), value: JSON.stringify(json) };
    case TOPICS.evacuations:
      json.shelter_id = `SH-310199-${digits(rng, 2)}`;
      return { key: String(json.shelter_id), value: JSON.stringify(json) };
    case TOPICS.resources:
      json.district = '310199';
      return { key, value: JSON.stringify(json) };
    case TOPICS.ticketEvents:
      if (json.event !== 'reported') return null;
      json.district = '310199';
      json.street = '310199001';
      return { key, value: JSON.stringify(json) };
    default:
      return null;
  }
}
