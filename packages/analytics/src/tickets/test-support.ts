import type { TicketEvent, TicketReported } from '@onegrid/contracts';
import { isoCst } from '@onegrid/contracts';
import type { TicketEmitter, TicketOutput } from './outputs.ts';

/** Test helpers: event builders on a minute scale from T0, and an emitter that keeps outputs. */
export const T0 = Date.UTC(2026, 8, 14, 0, 0, 0); // 2026-09-14T08:00:00+08:00
export const MIN = 60_000;
/** Fractional minutes give off-minute times, rounded to whole milliseconds as event times are. */
export const at = (minutes: number): number => T0 + Math.round(minutes * MIN);

type Extra = Partial<Omit<TicketReported, 'ticket_id' | 'event' | 'ts'>> & {
  department?: string;
  departments?: string[];
  satisfaction?: number;
};

export function ev(id: string, event: TicketEvent['event'], minutes: number, extra: Extra = {}): TicketEvent {
  const ts = isoCst(at(minutes));
  if (event === 'reported') {
    return {
      ticket_id: id,
      event,
      ts,
      district: '310101',
      street: '310101002',
      category: 'waterlogging',
      source: 'app',
      priority: 'urgent',
      lat: 31.23,
      lon: 121.47,
      ...extra,
    } as TicketEvent;
  }
  return { ticket_id: id, event, ts, ...extra } as TicketEvent;
}

export class Collect implements TicketEmitter {
  readonly outputs: TicketOutput[] = [];
  emit(output: TicketOutput): void {
    this.outputs.push(output);
  }
  tickets() {
    return this.outputs.flatMap((o) => (o.kind === 'ticket' ? [o.row] : []));
  }
  summons() {
    return this.outputs.flatMap((o) => (o.kind === 'summon' ? [o.row] : []));
  }
  alerts() {
    return this.outputs.flatMap((o) => (o.kind === 'alert' ? [o.alert] : []));
  }
}
