import { alertSchema, districtCode, riskScoreSchema } from '@onegrid/contracts';
import { z } from 'zod';

/** The feed's channels (shared-spec B), in the order screens usually subscribe. */
export const FEED_CHANNELS = [
  'risk',
  'gauges',
  'weather',
  'storm',
  'alerts',
  'evacuation',
  'resources',
  'tickets',
  'pipeline',
] as const;

export type FeedChannel = (typeof FEED_CHANNELS)[number];

export const feedChannel = z.enum(FEED_CHANNELS, {
  error: (issue) =>
    `unknown channel ${JSON.stringify(issue.input)}; channels are ${FEED_CHANNELS.join(', ')}`,
});

const isoTime = z.string().describe('ISO-8601 time');
const nullableNumber = z.number().nullable();
const gaugeStatus = z.enum(['normal', 'warning', 'guarantee']);

const stormPoint = z.object({ ts: isoTime, lat: z.number(), lon: z.number(), pressure_hpa: nullableNumber });
const windCircle = z
  .object({ ne: z.number(), se: z.number(), sw: z.number(), nw: z.number() })
  .describe('radius per quadrant, km');

const occupancy = z.object({
  transferred: z.number(),
  in_shelters: z.number(),
  capacity: z.number(),
  free: z.number(),
});

const shelterOccupancy = z.object({
  shelter_id: z.string(),
  name: z.string(),
  district: districtCode,
  lat: z.number(),
  lon: z.number(),
  capacity: z.number(),
  occupancy: z.number(),
});

/**
 * The value under each key of a channel (shared-spec B). Publishers are typed by these; the
 * hub does not re-validate on the hot path. Screens read the same shapes.
 */
export const CHANNEL_VALUES = {
  risk: riskScoreSchema.extend({ name: z.string() }),
  gauges: z.object({
    gauge_id: z.string(),
    name: z.string(),
    district: districtCode,
    kind: z.string(),
    lat: z.number(),
    lon: z.number(),
    ts: isoTime,
    level_m: z.number(),
    warning_level_m: z.number(),
    guarantee_level_m: z.number(),
    rise_m_per_h: nullableNumber,
    forecast_warning_at: isoTime.nullable(),
    forecast_guarantee_at: isoTime.nullable(),
    status: gaugeStatus,
    recent: z.array(z.tuple([z.number(), z.number()])).describe('[epoch_ms, level_m], last 12 h'),
  }),
  weather: z.object({
    district: districtCode,
    name: z.string(),
    ts: isoTime,
    wind_speed_ms: nullableNumber,
    wind_gust_ms: nullableNumber,
    rain_1h_mm: nullableNumber,
    rain_24h_mm: nullableNumber,
    pressure_hpa: nullableNumber,
  }),
  // `track`: the centre estimated from the stations; `advisory:<storm_id>`: the latest advisory.
  storm: z.union([
    z.object({ points: z.array(stormPoint.extend({ pressure_hpa: z.number() })) }),
    z.object({
      storm_id: z.string(),
      name_zh: z.string(),
      category: z.string(),
      ts: isoTime,
      lat: z.number(),
      lon: z.number(),
      pressure_hpa: nullableNumber,
      max_wind_ms: nullableNumber,
      move_dir_deg: nullableNumber,
      move_speed_kmh: nullableNumber,
      radii_km: z.object({
        r7: windCircle.optional(),
        r10: windCircle.optional(),
        r12: windCircle.optional(),
      }),
      observed: z.array(stormPoint),
      forecast: z.array(
        stormPoint.extend({
          lead_h: z.number().describe('hours after the advisory'),
          max_wind_ms: nullableNumber,
        }),
      ),
    }),
  ]),
  alerts: alertSchema,
  evacuation: z.union([occupancy, shelterOccupancy]),
  resources: z.object({
    type: z.string(),
    by_status: z.object({
      available: z.number(),
      dispatched: z.number(),
      on_site: z.number(),
      returning: z.number(),
      out_of_service: z.number(),
    }),
  }),
  tickets: z.object({
    reported: z.number(),
    open: z.number(),
    resolved: z.number(),
    overdue: z.number(),
    p50_response_s: nullableNumber,
    p90_response_s: nullableNumber,
    on_time_rate: nullableNumber,
    satisfaction_rate: nullableNumber,
    window: z.literal('24h'),
  }),
  pipeline: z.object({
    processors: z.array(z.object({ name: z.string(), lag: z.number(), watermark: isoTime.nullable() })),
    kafka_ok: z.boolean(),
    clickhouse_ok: z.boolean(),
  }),
} as const satisfies Record<FeedChannel, z.ZodType>;

export type ChannelValue<C extends FeedChannel> = z.output<(typeof CHANNEL_VALUES)[C]>;
