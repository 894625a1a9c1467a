import { alertSchema, isoCst, type TicketEvent } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { detectionPoint } from './detection.ts';
import { ticketRowSchema, ticketSummonRowSchema } from './rows.ts';
import { at, Collect, ev, MIN } from './test-support.ts';
import { TicketTracker } from './tracker.ts';

const ID = 'T-20260914-000001';
/** An urgent waterlogging ticket (24 h limit) with a full, simple life. */
const life: TicketEvent[] = [
  ev(ID, 'reported', 0),
  ev(ID, 'accepted', 3),
  ev(ID, 'dispatched', 5, { department: 'DEPT-DRAINAGE' }),
  ev(ID, 'resolved', 200, { department: 'DEPT-DRAINAGE' }),
  ev(ID, 'feedback', 210),
  ev(ID, 'rated', 300, { satisfaction: 4 }),
  ev(ID, 'closed', 330),
];

function run(events: readonly TicketEvent[], watermark: number, tracker = new TicketTracker()) {
  const out = new Collect();
  const dispositions = events.map((e) => tracker.apply(e));
  tracker.advance(watermark, out);
  return { tracker, out, dispositions };
}

/** A deterministic shuffle (a small LCG), so that failures reproduce. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const a = [...items];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

describe('tickets > TicketTracker rebuild', () => {
  it('derives stage times and durations from reported_at', () => {
    const { out } = run(life, at(400));
    const row = out.tickets().at(-1);
    expect(ticketRowSchema.parse(row)).toEqual(row);
    expect(row).toMatchObject({
      ticket_id: ID,
      district: '310101',
      category: 'waterlogging',
      priority: 'urgent',
      department: 'DEPT-DRAINAGE',
      status: 'closed',
      reported_at: isoCst(at(0)),
      accepted_at: isoCst(at(3)),
      resolved_at: isoCst(at(200)),
      first_resolved_at: isoCst(at(200)),
      satisfaction: 4,
      limit_s: 86_400,
      deadline: isoCst(at(24 * 60)),
      on_time: true,
      overdue: false,
      accept_s: 180,
      dispatch_s: 300,
      resolve_s: 12_000,
      feedback_s: 12_600,
      rate_s: 18_000,
      reopened: 0,
    });
  });

  it('gives the same final row whatever the arrival order, with later events before `reported`', () => {
    const expected = run(life, at(400)).out.tickets().at(-1);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const order = shuffled(life, seed);
      const { out } = run(order, at(400));
      expect(out.tickets().at(-1)).toEqual(expected);
    }
    const reportLast = [...life.slice(1), life[0] as TicketEvent];
    expect(run(reportLast, at(400)).out.tickets().at(-1)).toEqual(expected);
  });

  it('counts a repeated event once', () => {
    const tracker = new TicketTracker();
    const once = run(life, at(400)).out.tickets().at(-1);
    const { out, dispositions } = run(
      [...life, life[1] as TicketEvent, life[3] as TicketEvent],
      at(400),
      tracker,
    );
    expect(dispositions.slice(-2)).toEqual(['duplicate', 'duplicate']);
    expect(out.tickets().at(-1)).toEqual(once);
    expect(tracker.timeline(ID)).toHaveLength(life.length);
  });

  it('emits nothing for a ticket until its report arrives, then the whole row', () => {
    const tracker = new TicketTracker();
    const first = run(life.slice(1), at(400), tracker);
    expect(first.out.outputs).toEqual([]);
    expect(tracker.stats().awaitingReport).toBe(1);
    const second = run([life[0] as TicketEvent], at(401), tracker);
    expect(second.out.tickets()).toHaveLength(1);
    expect(second.out.tickets()[0]?.status).toBe('closed');
  });

  it('emits each change once, with a version that grows', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    for (const [i, e] of life.entries()) {
      tracker.apply(e);
      tracker.advance(at(i * 50), out);
      tracker.advance(at(i * 50), out); // nothing new: nothing emitted
    }
    const versions = out.tickets().map((r) => r.version);
    expect(versions).toHaveLength(life.length);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1] as number);
  });

  it('keeps first and last resolution of a reopened ticket, and the last rating', () => {
    const reopened = [
      ...life.slice(0, 5),
      ev(ID, 'rated', 260, { satisfaction: 1 }),
      ev(ID, 'reopened', 280),
      ev(ID, 'dispatched', 290, { department: 'DEPT-DRAINAGE' }),
      ev(ID, 'resolved', 500, { department: 'DEPT-DRAINAGE' }),
      ev(ID, 'feedback', 520),
      ev(ID, 'rated', 600, { satisfaction: 5 }),
      ev(ID, 'closed', 620),
    ];
    const row = run(shuffled(reopened, 11), at(700)).out.tickets().at(-1);
    expect(row).toMatchObject({
      reopened: 1,
      first_resolved_at: isoCst(at(200)),
      resolved_at: isoCst(at(500)),
      dispatched_at: isoCst(at(5)),
      feedback_at: isoCst(at(520)),
      rated_at: isoCst(at(600)),
      satisfaction: 5,
      resolve_s: 500 * 60,
      status: 'closed',
    });
  });

  it('refuses a report naming an unknown district', () => {
    const tracker = new TicketTracker({}, { isKnownDistrict: (d) => d === '310101' });
    expect(tracker.apply(ev(ID, 'reported', 0, { district: '310199' }))).toBe('unknown_id');
    expect(tracker.apply(ev(ID, 'reported', 0))).toBe('accepted');
  });
});

describe('tickets > TicketTracker overdue', () => {
  const EMERGENCY = 'T-20260914-000002';
  const report = ev(EMERGENCY, 'reported', 0, { category: 'trapped_people', priority: 'emergency' });

  it('raises one alert when the watermark passes the deadline with no new event, and resolves it once', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(report);
    tracker.apply(ev(EMERGENCY, 'accepted', 2));
    for (let m = 0; m <= 180; m += 10) tracker.advance(at(m), out);
    const raised = out.alerts();
    expect(raised).toHaveLength(1);
    expect(alertSchema.parse(raised[0])).toEqual(raised[0]);
    expect(raised[0]).toMatchObject({
      type: 'ticket_overdue',
      severity: 'critical',
      status: 'open',
      subject: EMERGENCY,
      district: '310101',
      since: isoCst(at(120)),
      detected_at: isoCst(at(120)),
    });
    const late = out.tickets().at(-1);
    expect(late).toMatchObject({ overdue: true, on_time: false });

    tracker.apply(ev(EMERGENCY, 'resolved', 190, { department: 'DEPT-FIRE' }));
    for (let m = 180; m <= 260; m += 10) tracker.advance(at(m), out);
    const alerts = out.alerts();
    expect(alerts).toHaveLength(2);
    expect(alerts[1]).toMatchObject({
      alert_id: raised[0]?.alert_id,
      status: 'resolved',
      since: isoCst(at(120)),
      detected_at: isoCst(at(190)),
      evidence: { ended_by: 'resolved', ended_at: isoCst(at(190)) },
    });
    expect(out.tickets().at(-1)).toMatchObject({ overdue: false, on_time: false });
  });

  it('judges overdue as of the watermark, even when the resolution is already known', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(report);
    tracker.apply(ev(EMERGENCY, 'resolved', 150, { department: 'DEPT-FIRE' }));
    tracker.advance(at(130), out);
    expect(out.alerts().map((a) => a.status)).toEqual(['open']);
    expect(out.tickets().at(-1)).toMatchObject({ overdue: true, on_time: false });
    tracker.advance(at(150), out);
    expect(out.alerts().map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(out.tickets().at(-1)?.overdue).toBe(false);
  });

  it('resolves the alert when a late event shows the ticket was resolved in time', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(report);
    tracker.advance(at(125), out);
    tracker.apply(ev(EMERGENCY, 'resolved', 100, { department: 'DEPT-FIRE' }));
    tracker.advance(at(126), out);
    // Open: the deadline's detection point; revised: no end time, so the watermark that saw it.
    expect(out.alerts().map((a) => [a.status, a.detected_at, a.evidence.ended_by])).toEqual([
      ['open', isoCst(detectionPoint(at(120))), undefined],
      ['resolved', isoCst(at(126)), 'revised'],
    ]);
    expect(out.tickets().at(-1)).toMatchObject({ overdue: false, on_time: true });
  });

  it('raises and resolves a period that began and ended between two watermarks', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(report);
    tracker.apply(ev(EMERGENCY, 'resolved', 130, { department: 'DEPT-FIRE' }));
    tracker.advance(at(100), out);
    tracker.advance(at(200), out);
    expect(out.alerts().map((a) => [a.status, a.since, a.detected_at, a.evidence.ended_at ?? null])).toEqual([
      ['open', isoCst(at(120)), isoCst(detectionPoint(at(120))), null],
      ['resolved', isoCst(at(120)), isoCst(detectionPoint(at(130))), isoCst(at(130))],
    ]);
  });

  it('does not alert a cancelled ticket, and warns (not critical) for a normal priority', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    const normal = 'T-20260914-000003';
    tracker.apply(ev(normal, 'reported', 0, { category: 'noise', priority: 'normal' }));
    tracker.apply(ev(EMERGENCY, 'reported', 0, { category: 'noise', priority: 'normal' }));
    tracker.apply(ev(EMERGENCY, 'cancelled', 30));
    tracker.advance(at(8 * 24 * 60), out);
    expect(out.alerts()).toHaveLength(1);
    expect(out.alerts()[0]).toMatchObject({
      subject: normal,
      severity: 'warning',
      since: isoCst(at(7 * 24 * 60)),
    });
    const cancelled = out.tickets().find((r) => r.ticket_id === EMERGENCY);
    expect(cancelled).toMatchObject({ status: 'cancelled', on_time: null, overdue: false });
  });

  it('raises a new alert when a reopened ticket goes overdue again', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    tracker.apply(report);
    tracker.apply(ev(EMERGENCY, 'resolved', 130, { department: 'DEPT-FIRE' }));
    tracker.apply(ev(EMERGENCY, 'reopened', 140));
    for (let m = 0; m <= 200; m += 5) tracker.advance(at(m), out);
    const alerts = out.alerts();
    expect(alerts.map((a) => [a.status, a.since])).toEqual([
      ['open', isoCst(at(120))],
      ['resolved', isoCst(at(120))],
      ['open', isoCst(at(140))],
    ]);
    expect(alerts[2]?.alert_id).not.toBe(alerts[0]?.alert_id);
  });
});

describe('tickets > TicketTracker summons', () => {
  const SUM = 'T-20260914-000004';
  const events = [
    ev(SUM, 'reported', 0),
    ev(SUM, 'dispatched', 5, { department: 'DEPT-DRAINAGE' }),
    ev(SUM, 'whistle', 20, { departments: ['DEPT-POLICE', 'DEPT-URBAN-MGMT'] }),
    ev(SUM, 'arrived', 35, { department: 'DEPT-POLICE' }),
  ];

  it('alerts once for the department past its arrival limit and resolves on arrival', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    for (const e of events) tracker.apply(e);
    for (let m = 0; m <= 80; m += 5) tracker.advance(at(m), out);
    const alerts = out.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      subject: `${SUM}/DEPT-URBAN-MGMT`,
      since: isoCst(at(50)),
      detected_at: isoCst(at(50)),
      severity: 'warning',
      evidence: { stage: 'summons', summoned: 'DEPT-URBAN-MGMT', limit_s: 1800 },
    });
    tracker.apply(ev(SUM, 'arrived', 82, { department: 'DEPT-URBAN-MGMT' }));
    tracker.advance(at(85), out);
    expect(out.alerts()[1]).toMatchObject({ status: 'resolved', evidence: { ended_by: 'arrived' } });

    const latest = new Map(out.summons().map((r) => [r.department, r]));
    for (const r of latest.values()) expect(ticketSummonRowSchema.parse(r)).toEqual(r);
    expect(latest.get('DEPT-POLICE')).toMatchObject({ arrive_s: 900, on_time: true, limit_s: 1800 });
    expect(latest.get('DEPT-URBAN-MGMT')).toMatchObject({ arrive_s: 62 * 60, on_time: false });
  });

  it('marks a summons late at its limit with no event, and only re-emits a summons row when it changes', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    for (const e of events) tracker.apply(e);
    tracker.advance(at(40), out);
    expect(out.summons().map((r) => [r.department, r.on_time])).toEqual([
      ['DEPT-POLICE', true],
      ['DEPT-URBAN-MGMT', null],
    ]);
    tracker.apply(ev(SUM, 'accepted', 2));
    tracker.advance(at(45), out);
    expect(out.summons()).toHaveLength(2); // a new ticket event, no summons change
    tracker.advance(at(50), out);
    expect(out.summons().at(-1)).toMatchObject({ department: 'DEPT-URBAN-MGMT', on_time: false });
  });

  it('ends a summons alert when the ticket is resolved without the department', () => {
    const tracker = new TicketTracker();
    const out = new Collect();
    for (const e of events) tracker.apply(e);
    tracker.apply(ev(SUM, 'resolved', 60, { department: 'DEPT-DRAINAGE' }));
    for (let m = 0; m <= 80; m += 5) tracker.advance(at(m), out);
    expect(out.alerts().map((a) => [a.status, a.evidence.ended_by])).toEqual([
      ['open', undefined],
      ['resolved', 'resolved'],
    ]);
  });
});

describe('tickets > TicketTracker state size', () => {
  it('drops a settled ticket after its retention and calls its stragglers late', () => {
    const tracker = new TicketTracker({ settledRetentionMs: 60 * MIN });
    const out = new Collect();
    for (const e of life) tracker.apply(e, 10);
    tracker.advance(at(340), out);
    expect(tracker.oldestNeededTime()).toBe(at(0));
    expect(tracker.oldestNeededPosition()).toBe(10);
    tracker.advance(at(389), out); // closed at 330, kept 60 minutes
    expect(tracker.stats()).toMatchObject({ tickets: 1, droppedSettled: 0 });
    tracker.advance(at(390), out);
    expect(tracker.stats()).toMatchObject({ tickets: 0, droppedSettled: 1, tombstones: 1 });
    expect(tracker.oldestNeededTime()).toBeUndefined();
    expect(tracker.apply(ev(ID, 'feedback', 215))).toBe('late');
  });

  it('keeps a reopened ticket: a rating is not settled once it is reopened', () => {
    const tracker = new TicketTracker({ settledRetentionMs: 60 * MIN });
    const out = new Collect();
    for (const e of [...life.slice(0, 6), ev(ID, 'reopened', 320)]) tracker.apply(e);
    tracker.advance(at(2000), out);
    expect(tracker.stats().tickets).toBe(1);
  });

  it('forgets events of a ticket whose report never comes', () => {
    const tracker = new TicketTracker({ orphanRetentionMs: 60 * MIN });
    const out = new Collect();
    tracker.apply(ev(ID, 'accepted', 3));
    tracker.advance(at(62), out);
    expect(tracker.stats().tickets).toBe(1);
    tracker.advance(at(63), out);
    expect(tracker.stats()).toMatchObject({ tickets: 0, droppedOrphans: 1 });
    expect(out.outputs).toEqual([]);
  });

  it('forgets tombstones after their time', () => {
    const tracker = new TicketTracker({ settledRetentionMs: 0, tombstoneMs: 60 * MIN });
    const out = new Collect();
    for (const e of life) tracker.apply(e);
    tracker.advance(at(330), out);
    expect(tracker.stats().tombstones).toBe(1);
    tracker.advance(at(390), out);
    expect(tracker.stats().tombstones).toBe(0);
  });
});
