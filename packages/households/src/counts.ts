/** Per-topic tallies of what the stream yielded: sent, valid, deliberately invalid, duplicates. */
import type { Topic } from '@onegrid/contracts';
import type { StreamRecord } from './record.ts';
import type { TopicCounts } from './truth.ts';

export type Counts = Partial<Record<Topic, TopicCounts>>;

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
