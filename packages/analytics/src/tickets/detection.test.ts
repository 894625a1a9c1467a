import { type Alert, alertSchema, isoCst, type TicketEvent, toEpochMs } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { DETECTION_STEP_MS, detectionPoint } from './detection.ts';
import { at, Collect, ev, MIN } from './test-support.ts';
import { TicketTracker } from './tracker.ts';

const emergency = { category: 'trapped_people', priority: 'emergency' } as const; // 2 h limit
const LIMIT_MS = 120 * MIN;

describe('tickets > detectionPoint', () => {
  it('rounds up to the grid and keeps a time already on it', () => {
    const t = at(120) + 24_000;
    expect(detectionPoint(t) % DETECTION_STEP_MS).toBe(0);
    expect(detectionPoint(t) - t).toBeGreaterThan(0);
    expect(detectionPoint(t) - t).toBeLessThan(DETECTION_STEP_MS);
    expect(detectionPoint(at(120))).toBe(at(120));
  });
});

describe('tickets > TicketTracker detection grid', () => {
  const ID = 'T-20260914-000011';

  it('raises an open alert only once the watermark reaches the deadline rounded up, dated there', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(ev(ID, 'reported', 0.4, emergency));
    const deadline = at(0.4) + LIMIT_MS;
    const point = detectionPoint(deadline);
    expect(point).toBeGreaterThan(deadline); // the case where rounding matters
    tracker.advance(deadline, out);
    tracker.advance(point - 1, out);
    expect(out.alerts()).toEqual([]);
    expect(out.tickets().at(-1)?.overdue).toBe(true); // the row flips at the exact deadline
    tracker.advance(point + 17_000, out);
    expect(out.alerts()).toHaveLength(1);
    expect(out.alerts()[0]).toMatchObject({
      status: 'open',
      since: isoCst(deadline),
      detected_at: isoCst(point),
    });
  });

  it('dates a resolved alert at its end rounded up, never before the open one, and sends it from there', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(ev(ID, 'reported', 0.4, emergency));
    const deadline = at(0.4) + LIMIT_MS;
    // Resolved within the deadline's grid step: both messages carry the same detection point.
    const ended = at(120.75);
    expect(ended).toBeGreaterThan(deadline);
    expect(detectionPoint(ended)).toBe(detectionPoint(deadline));
    tracker.apply(ev(ID, 'resolved', 120.75, { department: 'DEPT-FIRE' }));
    tracker.advance(ended, out);
    expect(out.alerts()).toEqual([]);
    tracker.advance(at(200), out);
    expect(out.alerts().map((a) => [a.status, a.detected_at, a.evidence.ended_at ?? null])).toEqual([
      ['open', isoCst(detectionPoint(deadline)), null],
      ['resolved', isoCst(detectionPoint(ended)), isoCst(ended)],
    ]);

    const later = new TicketTracker();
    const out2 = new Collect();
    const end2 = at(127.55);
    later.apply(ev(ID, 'reported', 0.4, emergency));
    later.apply(ev(ID, 'resolved', 127.55, { department: 'DEPT-FIRE' }));
    later.advance(detectionPoint(end2) - 1, out2);
    expect(out2.alerts().map((a) => a.status)).toEqual(['open']);
    later.advance(detectionPoint(end2), out2);
    expect(out2.alerts()[1]).toMatchObject({ status: 'resolved', detected_at: isoCst(detectionPoint(end2)) });
  });

  it('reports status and department as of detected_at, not as of events known later', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(ev(ID, 'reported', 0.4, emergency));
    tracker.apply(ev(ID, 'accepted', 3.1));
    tracker.apply(ev(ID, 'dispatched', 125.3, { department: 'DEPT-FIRE' }));
    tracker.advance(at(300), out); // a replay: the dispatch is known before the alert is raised
    expect(out.alerts()[0]?.evidence).toMatchObject({ status: 'accepted', department: null });
    expect(out.tickets().at(-1)).toMatchObject({ status: 'dispatched', department: 'DEPT-FIRE' });
  });
});

describe('tickets > TicketTracker replay', () => {
  /** Off-grid times, so that rounding matters; each ticket exercises one kind of period. */
  const events: TicketEvent[] = [
    // Overdue, dispatched after the deadline, resolved later.
    ev('T-20260914-000021', 'reported', 0.4, emergency),
    ev('T-20260914-000021', 'accepted', 3.1),
    ev('T-20260914-000021', 'dispatched', 125.3, { department: 'DEPT-FIRE' }),
    ev('T-20260914-000021', 'resolved', 170.7, { department: 'DEPT-FIRE' }),
    // Overdue and resolved within one grid step.
    ev('T-20260914-000022', 'reported', 10.9, emergency),
    ev('T-20260914-000022', 'resolved', 130.95, { department: 'DEPT-FIRE' }),
    // Overdue, resolved, reopened: a second period that is still open at the end.
    ev('T-20260914-000023', 'reported', 20.2, emergency),
    ev('T-20260914-000023', 'resolved', 150.5, { department: 'DEPT-FIRE' }),
    ev('T-20260914-000023', 'reopened', 160.25),
    // A summoned department that arrives late; the other arrives in time.
    ev('T-20260914-000024', 'reported', 5.5),
    ev('T-20260914-000024', 'dispatched', 7, { department: 'DEPT-DRAINAGE' }),
    ev('T-20260914-000024', 'whistle', 30.3, { departments: ['DEPT-POLICE', 'DEPT-URBAN-MGMT'] }),
    ev('T-20260914-000024', 'arrived', 45.1, { department: 'DEPT-POLICE' }),
    ev('T-20260914-000024', 'arrived', 77.7, { department: 'DEPT-URBAN-MGMT' }),
    // A deadline exactly on the grid, never resolved.
    ev('T-20260914-000025', 'reported', 50, emergency),
  ].sort((a, b) => toEpochMs(a.ts) - toEpochMs(b.ts));
  const END = at(300) + 17_000;
  /** What a live feed allows: events arrive up to 5 minutes ahead of the watermark. */
  const AHEAD_MS = 5 * MIN;

  /** Applies each event when the watermark is within `AHEAD_MS` of it, advancing in `steps`. */
  function live(steps: readonly number[]): { alerts: Alert[]; detectedAfterWatermark: string[] } {
    const tracker = new TicketTracker();
    const out = new Collect();
    const detectedAfterWatermark: string[] = [];
    let next = 0;
    for (const w of steps) {
      while (next < events.length && toEpochMs((events[next] as TicketEvent).ts) <= w + AHEAD_MS) {
        tracker.apply(events[next] as TicketEvent);
        next++;
      }
      const before = out.alerts().length;
      tracker.advance(w, out);
      for (const a of out.alerts().slice(before)) {
        if (toEpochMs(a.detected_at) > w) detectedAfterWatermark.push(`${a.alert_id} ${a.status}`);
      }
    }
    return { alerts: out.alerts(), detectedAfterWatermark };
  }

  const byIdAndStatus = (alerts: readonly Alert[]): Alert[] =>
    [...alerts].sort((a, b) => `${a.alert_id} ${a.status}`.localeCompare(`${b.alert_id} ${b.status}`));

  it('emits deeply equal alerts whether the watermark creeps minute by minute or jumps once', () => {
    const minutes = Array.from({ length: 301 }, (_, m) => at(m) + 17_000);
    const creeping = live(minutes);
    const uneven = live([...Array.from({ length: 9 }, (_, i) => at(i * 37.3)), END]);
    const replay = live([END]); // a rebuilt partition: every event applied, then one watermark

    expect(creeping.detectedAfterWatermark).toEqual([]);
    expect(uneven.detectedAfterWatermark).toEqual([]);
    expect(replay.detectedAfterWatermark).toEqual([]);
    const expected = byIdAndStatus(creeping.alerts);
    expect(byIdAndStatus(replay.alerts)).toEqual(expected);
    expect(byIdAndStatus(uneven.alerts)).toEqual(expected);

    // Not vacuous: every period of the events above, each open alert dated at its detection point.
    expect(expected.map((a) => `${a.subject} ${a.status}`)).toEqual([
      'T-20260914-000021 open',
      'T-20260914-000021 resolved',
      'T-20260914-000022 open',
      'T-20260914-000022 resolved',
      'T-20260914-000023 open',
      'T-20260914-000023 resolved',
      'T-20260914-000023 open',
      'T-20260914-000024/DEPT-URBAN-MGMT open',
      'T-20260914-000024/DEPT-URBAN-MGMT resolved',
      'T-20260914-000025 open',
    ]);
    for (const a of expected) {
      expect(alertSchema.parse(a)).toEqual(a);
      const since = toEpochMs(a.since);
      if (a.status === 'open') expect(toEpochMs(a.detected_at)).toBe(detectionPoint(since));
      else expect(toEpochMs(a.detected_at)).toBe(detectionPoint(toEpochMs(String(a.evidence.ended_at))));
    }
  });
});
