export { type EndReason, overdueAlertId } from './alerts.ts';
export {
  arrivalLimitS,
  DEFAULT_CATEGORY_CLASSES,
  type LimitClass,
  limitClass,
  parseTicketConfig,
  resolutionLimitS,
  type TicketConfig,
  type TicketConfigInput,
  ticketConfigSchema,
} from './config.ts';
export { DETECTION_STEP_MS } from './detection.ts';
export { MAIN_STAGES, type MainStage } from './facts.ts';
export { FEED_WINDOW_MS, type TicketFeedValue, ticketFeed } from './feed.ts';
export {
  DURATIONS,
  type DurationField,
  type DurationStats,
  durationStats,
  isOpen,
  isResolved,
  PERCENTILES,
  SATISFIED_MIN,
  type TicketGroup,
  type TicketKpis,
  ticketKpis,
  ticketKpisBy,
} from './kpis.ts';
export type { TicketEmitter, TicketOutput } from './outputs.ts';
export {
  type TicketRow,
  type TicketSummonRow,
  ticketRowSchema,
  ticketSummonRowSchema,
  VERSION_STRIDE,
} from './rows.ts';
export {
  type TicketDisposition,
  TicketTracker,
  type TicketTrackerOptions,
  type TimelineStage,
} from './tracker.ts';
