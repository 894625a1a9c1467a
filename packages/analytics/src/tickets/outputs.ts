import type { Alert } from '@onegrid/contracts';
import type { TicketRow, TicketSummonRow } from './rows.ts';

export type TicketOutput =
  | { readonly kind: 'ticket'; readonly row: TicketRow }
  | { readonly kind: 'summon'; readonly row: TicketSummonRow }
  | { readonly kind: 'alert'; readonly alert: Alert };

/** Structurally the stream runtime's `Emitter<TicketOutput>`. */
export interface TicketEmitter {
  emit(output: TicketOutput): void;
}
