import {
  decode,
  decoderFor,
  type EmergencyEvent,
  emergencyEventSchema,
  type HazardObservation,
  hazardObservationSchema,
  INTERNAL_TOPICS,
  type LiveLaneEvent,
  liveLaneEventSchema,
  TOPICS,
  timestamp,
  toEpochMs,
} from '@onegrid/contracts';
import { z } from 'zod';
import type { GaugeInfo } from '../../queries/gauge-registry.ts';
import type { EvacuationFact, ResourceFact, ShelterInfo } from './emergency-models.ts';
import type { TicketFact } from './ticket-model.ts';
import type { WeatherFields } from './weather-model.ts';

/** The topics the pushed channels read: processors' outputs, validated and registry-checked. */
export const PUSH_TOPICS = [
  INTERNAL_TOPICS.hazardByDistrict,
  INTERNAL_TOPICS.emergencyByDistrict,
  INTERNAL_TOPICS.ticketRows,
  // The processors' hot standby: copies of the first two topics' levels, observations and events.
  INTERNAL_TOPICS.liveLane,
] as const;

/**
 * The registries the pushed channels need to show a reading or an event (its gauge, its
 * shelter), followed from their beginning: a device registered a moment ago shows with its
 * first reading, not once its registry record has reached the store.
 */
export const REGISTRY_PUSH_TOPICS = [TOPICS.gauges, TOPICS.shelters] as const;

export type RegistryFact =
  | { kind: 'gauge'; id: string; gauge: GaugeInfo | null }
  | { kind: 'shelter'; id: string; shelter: ShelterInfo | null };

/**
 * A record of a registry topic (null value: a tombstone, by key), or undefined for one that
 * fails its schema: the archive dead-letters it, and the registry keeps what it had.
 */
export function decodeRegistry(
  topic: string,
  key: string | null,
  text: string | null,
): RegistryFact | undefined {
  if (topic === TOPICS.gauges) {
    if (text === null) return key === null ? undefined : { kind: 'gauge', id: key, gauge: null };
    const r = decoderFor(TOPICS.gauges)(text);
    return r.ok ? { kind: 'gauge', id: r.value.gauge_id, gauge: r.value } : undefined;
  }
  if (topic === TOPICS.shelters) {
    if (text === null) return key === null ? undefined : { kind: 'shelter', id: key, shelter: null };
    const r = decoderFor(TOPICS.shelters)(text);
    return r.ok ? { kind: 'shelter', id: r.value.shelter_id, shelter: r.value } : undefined;
  }
  return undefined;
}

/** The fields of a `tickets` row the channel reads (the row's full schema is the processor's). */
const ticketRowFields = z.object({
  ticket_id: z.string(),
  district: z.string(),
  reported_at: timestamp,
  first_resolved_at: timestamp.nullable(),
  closed_at: timestamp.nullable(),
  cancelled_at: timestamp.nullable(),
  overdue: z.boolean(),
  on_time: z.boolean().nullable(),
  satisfaction: z.number().nullable(),
  resolve_s: z.number().nullable(),
  accept_s: z.number().nullable(),
  version: z.number(),
});

export type PushFact =
  | { kind: 'level'; gauge_id: string; ts: number; level_m: number }
  | { kind: 'weather'; station_id: string; district: string; ts: number; fields: WeatherFields }
  | { kind: 'evacuation'; fact: EvacuationFact }
  | { kind: 'resource'; fact: ResourceFact }
  | { kind: 'ticket'; fact: TicketFact };

/** A message of a push topic as a fact for the models (null: nothing a pushed channel shows), or the reason it is not one. */
export function decodePush(
  topic: string,
  text: string | null,
): { ok: true; fact: PushFact | null } | { ok: false; reason: string } {
  if (topic === INTERNAL_TOPICS.hazardByDistrict) {
    const r = decode(hazardObservationSchema, text);
    if (!r.ok) return { ok: false, reason: r.error.reason };
    // Typhoon advisories share the hazard topic; the storm channel reads them from the store.
    return { ok: true, fact: r.value.kind === 'advisory' ? null : hazardFact(r.value) };
  }
  if (topic === INTERNAL_TOPICS.emergencyByDistrict) {
    const r = decode(emergencyEventSchema, text);
    return r.ok ? { ok: true, fact: emergencyFact(r.value) } : { ok: false, reason: r.error.reason };
  }
  if (topic === INTERNAL_TOPICS.liveLane) {
    const r = decode(liveLaneEventSchema, text);
    if (!r.ok) return { ok: false, reason: r.error.reason };
    const e = r.value;
    return {
      ok: true,
      fact: e.kind === 'evacuation' || e.kind === 'resource' ? emergencyFact(e) : hazardFact(e),
    };
  }
  if (topic === INTERNAL_TOPICS.ticketRows) {
    const r = decode(ticketRowFields, text);
    if (!r.ok) return { ok: false, reason: r.error.reason };
    const t = r.value;
    return {
      ok: true,
      fact: {
        kind: 'ticket',
        fact: {
          ticket_id: t.ticket_id,
          district: t.district,
          reported: toEpochMs(t.reported_at),
          resolved: t.first_resolved_at !== null,
          closed: t.closed_at !== null,
          cancelled: t.cancelled_at !== null,
          overdue: t.overdue,
          on_time: t.on_time,
          satisfaction: t.satisfaction,
          resolve_s: t.resolve_s,
          accept_s: t.accept_s,
          version: t.version,
        },
      },
    };
  }
  return { ok: false, reason: `not a push topic: ${topic}` };
}

type Hazard = Exclude<HazardObservation, { kind: 'advisory' }> | Extract<LiveLaneEvent, { district: string }>;

function hazardFact(h: Hazard): PushFact {
  if (h.kind === 'water_level') {
    const o = h.observation;
    return { kind: 'level', gauge_id: o.gauge_id, ts: toEpochMs(o.ts), level_m: o.level_m };
  }
  const o = h.observation;
  const fields = {
    wind: o.wind_speed_ms ?? null,
    gust: o.wind_gust_ms ?? null,
    rain: o.rain_mm ?? null,
    pressure: o.pressure_hpa ?? null,
  };
  return { kind: 'weather', station_id: o.station_id, district: h.district, ts: toEpochMs(o.ts), fields };
}

function emergencyFact({ kind, event }: EmergencyEvent): PushFact {
  return kind === 'evacuation'
    ? { kind, fact: { ...event, ts: toEpochMs(event.ts) } }
    : { kind, fact: { ...event, ts: toEpochMs(event.ts) } };
}
