import {
  decode,
  emergencyEventSchema,
  hazardObservationSchema,
  INTERNAL_TOPICS,
  timestamp,
  toEpochMs,
} from '@onegrid/contracts';
import { z } from 'zod';
import type { EvacuationFact, ResourceFact } from './emergency-models.ts';
import type { TicketFact } from './ticket-model.ts';
import type { WeatherFields } from './weather-model.ts';

/** The topics the pushed channels read: processors' outputs, validated and registry-checked. */
export const PUSH_TOPICS = [
  INTERNAL_TOPICS.hazardByDistrict,
  INTERNAL_TOPICS.emergencyByDistrict,
  INTERNAL_TOPICS.ticketRows,
] as const;

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
    const h = r.value;
    // Typhoon advisories share the hazard topic; the storm channel reads them from the store.
    if (h.kind === 'advisory') return { ok: true, fact: null };
    if (h.kind === 'water_level')
      return {
        ok: true,
        fact: {
          kind: 'level',
          gauge_id: h.observation.gauge_id,
          ts: toEpochMs(h.observation.ts),
          level_m: h.observation.level_m,
        },
      };
    const o = h.observation;
    const fields = {
      wind: o.wind_speed_ms ?? null,
      gust: o.wind_gust_ms ?? null,
      rain: o.rain_mm ?? null,
      pressure: o.pressure_hpa ?? null,
    };
    return {
      ok: true,
      fact: { kind: 'weather', station_id: o.station_id, district: h.district, ts: toEpochMs(o.ts), fields },
    };
  }
  if (topic === INTERNAL_TOPICS.emergencyByDistrict) {
    const r = decode(emergencyEventSchema, text);
    if (!r.ok) return { ok: false, reason: r.error.reason };
    const { kind, event } = r.value;
    return kind === 'evacuation'
      ? { ok: true, fact: { kind, fact: { ...event, ts: toEpochMs(event.ts) } } }
      : { ok: true, fact: { kind, fact: { ...event, ts: toEpochMs(event.ts) } } };
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
