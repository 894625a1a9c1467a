import { type TicketEvent, type TicketEventKind, type TicketReported, toEpochMs } from '@onegrid/contracts';

/** One distinct event of a ticket, normalised: `t` is its event time in epoch ms. */
export interface TimelineEntry {
  readonly event: TicketEventKind;
  readonly t: number;
  /** Identity: two messages with the same key are the same event (counted once). */
  readonly key: string;
  readonly department?: string;
  readonly departments?: readonly string[];
  readonly satisfaction?: number;
  /** Only on `reported`. */
  readonly report?: TicketReport;
}

/** What only `reported` carries. */
export type TicketReport = Pick<
  TicketReported,
  'district' | 'street' | 'category' | 'source' | 'priority' | 'lat' | 'lon'
>;

/**
 * Order of kinds that share a timestamp: the lifecycle order. Sorting on it makes the outcome
 * independent of arrival order (a resolution and a reopening stamped in the same second read
 * as "resolved, then reopened").
 */
const KIND_ORDER: Record<TicketEventKind, number> = {
  reported: 0,
  accepted: 1,
  dispatched: 2,
  whistle: 3,
  arrived: 4,
  resolved: 5,
  feedback: 6,
  rated: 7,
  reopened: 8,
  closed: 9,
  cancelled: 10,
};

/** The entry of a decoded event, or null when its time cannot be read. */
export function toEntry(e: TicketEvent): TimelineEntry | null {
  const t = toEpochMs(e.ts);
  if (!Number.isFinite(t)) return null;
  switch (e.event) {
    case 'reported': {
      const report: TicketReport = {
        district: e.district,
        street: e.street,
        category: e.category,
        source: e.source,
        priority: e.priority,
        lat: e.lat,
        lon: e.lon,
      };
      const fields = [report.district, report.street, report.category, report.source, report.priority];
      return {
        event: e.event,
        t,
        key: `reported|${t}|${fields.join('|')}|${report.lat}|${report.lon}`,
        report,
      };
    }
    case 'dispatched':
    case 'arrived':
    case 'resolved':
      return { event: e.event, t, key: `${e.event}|${t}|${e.department}`, department: e.department };
    case 'whistle':
      return {
        event: e.event,
        t,
        key: `whistle|${t}|${[...e.departments].sort().join(',')}`,
        departments: e.departments,
      };
    case 'rated':
      return { event: e.event, t, key: `rated|${t}|${e.satisfaction}`, satisfaction: e.satisfaction };
    default:
      return { event: e.event, t, key: `${e.event}|${t}` };
  }
}

export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return (
    a.t - b.t || KIND_ORDER[a.event] - KIND_ORDER[b.event] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * Inserts `entry` into the sorted `entries` unless an entry with its key is there already.
 * Returns whether it was new. Tickets have a dozen events, so a scan is the cheapest set.
 */
export function insertEntry(entries: TimelineEntry[], entry: TimelineEntry): boolean {
  if (entries.some((e) => e.key === entry.key)) return false;
  let i = entries.length;
  while (i > 0 && compareEntries(entries[i - 1] as TimelineEntry, entry) > 0) i--;
  entries.splice(i, 0, entry);
  return true;
}
