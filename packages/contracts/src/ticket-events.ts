import { z } from 'zod';
import { districtCode, id, integer, label, latitude, longitude } from './fields.ts';
import { timestamp } from './time.ts';

export const ticketSource = z.enum(['app', 'hotline', 'grid_worker', 'ai_video', 'sensor']);
export const ticketPriority = z.enum(['normal', 'urgent', 'emergency']);

const department = id.describe('department id, e.g. "DEPT-DRAINAGE"');

/** Fields every ticket event carries, plus its `event` literal. */
function ticketEvent<E extends string, S extends z.ZodRawShape>(event: E, shape: S) {
  return z.object({ ticket_id: id, event: z.literal(event), ts: timestamp, ...shape });
}

/** 上报: the only event with location, category, source and priority. */
export const ticketReportedSchema = ticketEvent('reported', {
  district: districtCode,
  street: id.describe('street (乡镇街道) code, e.g. "310101002"'),
  category: label.describe('problem category, e.g. "waterlogging"'),
  source: ticketSource,
  priority: ticketPriority,
  lat: latitude,
  lon: longitude,
});

/** 派单 dispatched, 报到 arrived (a summoned department), 处置 resolved: one department each. */
export const ticketDispatchedSchema = ticketEvent('dispatched', { department });
export const ticketArrivedSchema = ticketEvent('arrived', { department });
export const ticketResolvedSchema = ticketEvent('resolved', { department });

/** 吹哨: a street office summons departments for a cross-department problem. */
export const ticketWhistleSchema = ticketEvent('whistle', {
  departments: z.array(department).min(1).describe('departments summoned; each must arrive'),
});

/** 评价: the citizen's satisfaction, 1 (worst) to 5 (best). */
export const ticketRatedSchema = ticketEvent('rated', { satisfaction: integer(1, 5) });

/**
 * `city.tickets.events` (key `ticket_id`): the life of a citizen service ticket, one message per
 * step, discriminated by `event`. Events other than `reported` refer to the ticket by id only
 * and may arrive before it. An `event` outside this list is invalid (dead-lettered, not guessed).
 */
export const ticketEventSchema = z
  .discriminatedUnion('event', [
    ticketReportedSchema,
    ticketEvent('accepted', {}),
    ticketDispatchedSchema,
    ticketWhistleSchema,
    ticketArrivedSchema,
    ticketResolvedSchema,
    ticketEvent('feedback', {}),
    ticketRatedSchema,
    ticketEvent('reopened', {}),
    ticketEvent('closed', {}),
    ticketEvent('cancelled', {}),
  ])
  .meta({ title: 'Ticket event', description: 'One step in the life of a citizen service ticket.' });

export type TicketEvent = z.output<typeof ticketEventSchema>;
export type TicketEventKind = TicketEvent['event'];
export type TicketReported = z.output<typeof ticketReportedSchema>;
