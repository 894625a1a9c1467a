/** Per-topic tallies of what a generator yielded: sent, valid, deliberately invalid, duplicates. */
import type { Topic } from '@onegrid/contracts';
import type { Fault, StreamRecord } from './record.ts';

export interface TopicCounts {
  sent: number;
  valid: number;
  invalid: number;
  duplicates: number;
  by_fault: Partial<Record<Fault, number>>;
}

export type Counts = Partial<Record<Topic, TopicCounts>>;

export const emptyCounts = (): Counts => ({});

export function countRecord(counts: Counts, r: StreamRecord): void {
  let c = counts[r.topic];
  if (!c) {
    c = { sent: 0, valid: 0, invalid: 0, duplicates: 0, by_fault: {} };
    counts[r.topic] = c;
  }
  c.sent++;
  if (r.fault === null) {
    c.valid++;
    return;
  }
  c.by_fault[r.fault] = (c.by_fault[r.fault] ?? 0) + 1;
  if (r.fault === 'duplicate') {
    c.valid++;
    c.duplicates++;
  } else c.invalid++;
}
