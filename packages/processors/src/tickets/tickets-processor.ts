import type { TicketConfigInput, TicketOutput, TicketRow, TicketSummonRow } from '@onegrid/analytics/tickets';
import { INTERNAL_TOPICS, type TicketEvent, TOPICS, ticketEventSchema, toEpochMs } from '@onegrid/contracts';
import type { ProcessorDefinition } from '@onegrid/stream';
import { registryCheck } from '../archive/archives.ts';
import { lateSink, type ProcessorContext, tableSink, topicSink } from '../context.ts';
import { alertSink } from '../outputs.ts';
import { routedSink } from '../sinks/routed-sink.ts';
import { TicketOperator } from './ticket-operator.ts';

/** The processor's name: its consumer group is `<prefix>ticket-response` (the ticket lane starts at its commits). */
export const TICKETS_PROCESSOR = 'ticket-response';

/** Ticket systems stamp events by hand-held apps and call-centre desks: minutes of skew. */
export const TICKET_OUT_OF_ORDERNESS_MS = 5 * 60_000;

/**
 * Ticket response times: rebuilds each ticket's life into one `tickets` row and its summoned
 * departments into `ticket_summons` rows, and raises `ticket_overdue` alerts while a time limit
 * is passed. Its input's dead letters are published by the ticket archive.
 */
export function ticketsProcessor(
  ctx: ProcessorContext,
  config: TicketConfigInput = {},
): ProcessorDefinition<typeof ticketEventSchema, TicketOutput> {
  const check = registryCheck(TOPICS.ticketEvents, ctx.registry);
  return {
    name: TICKETS_PROCESSOR,
    topic: TOPICS.ticketEvents,
    schema: ticketEventSchema,
    eventTime: (e: TicketEvent) => toEpochMs(e.ts),
    ...(check !== undefined ? { check } : {}),
    ready: ctx.registryCurrent,
    operator: () => new TicketOperator(config),
    outOfOrdernessMs: TICKET_OUT_OF_ORDERNESS_MS,
    idleTimeoutMs: 60_000,
    sinks: [
      routedSink(tableSink<TicketRow>(ctx, 'tickets'), (o: TicketOutput) =>
        o.kind === 'ticket' ? o.row : undefined,
      ),
      // The same rows for the screens' `tickets` channel, which reads them live from Kafka.
      routedSink(
        topicSink<TicketRow>(
          ctx,
          INTERNAL_TOPICS.ticketRows,
          (row) => ({ key: row.ticket_id, value: JSON.stringify(row) }),
          'live',
        ),
        (o: TicketOutput) => (o.kind === 'ticket' ? o.row : undefined),
      ),
      routedSink(tableSink<TicketSummonRow>(ctx, 'ticket_summons'), (o: TicketOutput) =>
        o.kind === 'summon' ? o.row : undefined,
      ),
      routedSink(alertSink(ctx), (o: TicketOutput) => (o.kind === 'alert' ? o.alert : undefined)),
    ],
    late: lateSink(ctx),
    deadLetters: 'count',
    commitIntervalMs: ctx.commitIntervalMs,
  };
}
