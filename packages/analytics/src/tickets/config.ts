import type { TicketReported } from '@onegrid/contracts';
import { z } from 'zod';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const DAY_MS = DAY_S * 1000;

/**
 * Time-limit classes of a 12345 centre (see README for the basis): life at risk 2 h; water,
 * power, gas and public-safety hazards 24 h; general requests 7 days; complex ones 15 days.
 */
export const limitClass = z.enum(['life_safety', 'urgent', 'general', 'complex']);
export type LimitClass = z.output<typeof limitClass>;

/** The simulator's categories (packages/simulator/src/streams/ticket-catalog.ts), classified. */
export const DEFAULT_CATEGORY_CLASSES: Record<string, LimitClass> = {
  trapped_people: 'life_safety',
  gas_leak: 'life_safety',
  water_supply: 'urgent',
  power_outage: 'urgent',
  waterlogging: 'urgent',
  fallen_tree: 'urgent',
  road_blocked: 'urgent',
  billboard_hazard: 'urgent',
  building_damage: 'urgent',
  traffic_signal: 'urgent',
  elderly_assistance: 'general',
  noise: 'general',
  sanitation: 'general',
  property_dispute: 'complex',
};

const seconds = z.int().min(1).max(4_294_967_295); // limit_s is a UInt32 column
const millis = z.int().min(0);

export const ticketConfigSchema = z.object({
  /** Seconds from `reported` to resolution, per class. */
  limitsS: z
    .object({ life_safety: seconds, urgent: seconds, general: seconds, complex: seconds })
    .default({ life_safety: 2 * HOUR_S, urgent: DAY_S, general: 7 * DAY_S, complex: 15 * DAY_S }),
  /** Category → class; a category not listed gets `defaultClass`. */
  categoryClasses: z.record(z.string(), limitClass).default(DEFAULT_CATEGORY_CLASSES),
  defaultClass: limitClass.default('general'),
  /** A priority caps the limit at its class (the shorter of the two limits applies). */
  priorityClasses: z
    .object({
      normal: limitClass.nullable(),
      urgent: limitClass.nullable(),
      emergency: limitClass.nullable(),
    })
    .default({ normal: null, urgent: 'urgent', emergency: 'life_safety' }),
  /** Seconds for a department summoned by a whistle (吹哨) to arrive (报到). */
  summonArrivalS: seconds.default(30 * 60),
  /** Per-department arrival limits overriding `summonArrivalS`. */
  departmentArrivalS: z.record(z.string(), seconds).default({}),
  /** State of a settled ticket (closed, cancelled or rated, not reopened) is kept this long after it settled. */
  settledRetentionMs: millis.default(2 * DAY_MS),
  /** Events of a ticket whose `reported` never came are kept this long after the last of them. */
  orphanRetentionMs: millis.default(7 * DAY_MS),
  /** A dropped ticket's id is remembered this long, so that stragglers are called late, not new. */
  tombstoneMs: millis.default(30 * DAY_MS),
});

export type TicketConfig = z.output<typeof ticketConfigSchema>;
export type TicketConfigInput = z.input<typeof ticketConfigSchema>;

/** Validates options (throws a ZodError naming the field) and fills the defaults. */
export const parseTicketConfig = (input: TicketConfigInput = {}): TicketConfig =>
  ticketConfigSchema.parse(input);

/** The resolution limit of a ticket, seconds: the shorter of its category's and its priority's. */
export function resolutionLimitS(
  config: TicketConfig,
  report: Pick<TicketReported, 'category' | 'priority'>,
): number {
  const byCategory = config.limitsS[config.categoryClasses[report.category] ?? config.defaultClass];
  const priorityClass = config.priorityClasses[report.priority];
  return priorityClass === null ? byCategory : Math.min(byCategory, config.limitsS[priorityClass]);
}

/** The arrival limit of a summoned department, seconds. */
export const arrivalLimitS = (config: TicketConfig, department: string): number =>
  config.departmentArrivalS[department] ?? config.summonArrivalS;
