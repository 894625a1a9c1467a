import type { Alert } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HouseholdInfo } from './alerts.ts';
import { parseUtilityConfig } from './config.ts';
import { newHousehold } from './household.ts';
import { InactivityJudge, keepsOutOfLearning } from './inactivity-judge.ts';
import type { InactivityRule } from './rule.ts';
import { householdInfo } from './testing.ts';
import { HOUR, hourIndex } from './time.ts';
import { SLOT } from './usage-ring.ts';

const H0 = Date.UTC(2026, 8, 13, 16);
const config = parseUtilityConfig();
const alone = householdInfo('HH-1', { lives_alone: true, vulnerable: ['elderly'] });

/** Fires at hour `fireAt` (quiet since the hour before), resumes at `resumeAt`. */
const rule = (fireAt: number, resumeAt = Number.POSITIVE_INFINITY): InactivityRule<object> => ({
  name: 'test',
  init: () => ({}),
  check: (ctx) =>
    ctx.hour === fireAt ? { since: (fireAt - 1) * HOUR, evidence: { model: 'learnt' } } : undefined,
  resumed: (ctx) => ctx.hour >= resumeAt,
});

function household(hours: number[], info: HouseholdInfo = alone) {
  const h = newHousehold(info, 48, {});
  for (const x of hours) h.ring.mark(h.ring.ensure(x), SLOT.observed);
  h.judged = (hours[0] as number) - 1;
  return h;
}

describe('utility inactivity judge', () => {
  const first = hourIndex(H0);

  it('opens an alert, keeps its hours out of learning and marks stored ones to rewrite', () => {
    const h = household([first, first + 1, first + 2]);
    const judge = new InactivityJudge(rule(first + 2), config, () => alone);
    const alerts: Alert[] = [];
    expect(judge.judgeThrough(h, first + 2, H0 + 3 * HOUR, alerts, false)).toBe(true);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: 'utility_inactivity', severity: 'critical', status: 'open' });
    expect(alerts[0]?.evidence.rule).toBe('test');
    expect(h.ring.has(h.ring.at(first + 1), SLOT.excluded)).toBe(true);
    expect(h.ring.has(h.ring.at(first + 1), SLOT.dirty)).toBe(true);
    expect(h.judged).toBe(first + 2);
  });

  it('waits for an hour not fully reported, unless forced', () => {
    const h = household([first]);
    h.ring.ensure(first + 1); // not observed
    const judge = new InactivityJudge(rule(first + 1), config, () => alone);
    const alerts: Alert[] = [];
    expect(judge.judgeThrough(h, first + 1, H0 + 2 * HOUR, alerts, false)).toBe(false);
    expect(h.judged).toBe(first);
    judge.judgeThrough(h, first + 1, H0 + 10 * HOUR, alerts, true);
    expect(alerts).toHaveLength(1);
  });

  it('counts a finding on a household out of scope, with no alert', () => {
    const family = householdInfo('HH-2', { lives_alone: false, vulnerable: [] });
    const h = household([first], family);
    const judge = new InactivityJudge(rule(first), config, () => family);
    const alerts: Alert[] = [];
    expect(judge.judgeThrough(h, first, H0 + HOUR, alerts, false)).toBe(false);
    expect(alerts).toEqual([]);
    expect(judge.outOfScope).toBe(1);
  });

  it('resolves the open alert when the rule says the household is active again', () => {
    const h = household([first, first + 1, first + 2]);
    const judge = new InactivityJudge(rule(first, first + 2), config, () => alone);
    const alerts: Alert[] = [];
    judge.judgeThrough(h, first + 2, H0 + 3 * HOUR, alerts, false);
    expect(alerts.map((a) => a.status)).toEqual(['open', 'resolved']);
    expect(alerts[1]?.evidence.ended_at).toBe('2026-09-14T02:00:00+08:00');
  });

  it('judges closed hours a late batch has now completed', () => {
    const h = household([first]);
    h.judged = first - 1;
    const s = h.ring.ensure(first + 1);
    h.ring.setHour(s, 0, 0, config.minReadingsPerHour, config.minReadingsPerHour);
    const judge = new InactivityJudge(rule(first + 1), config, () => alone);
    const alerts: Alert[] = [];
    expect(judge.catchUp(h, first + 2, H0 + 3 * HOUR, alerts)).toBe(true);
    expect(h.ring.has(s, SLOT.observed)).toBe(true);
    expect(alerts).toHaveLength(1);
  });

  it("keeps the fallback model's alert hours in learning", () => {
    expect(keepsOutOfLearning({ model: 'default' })).toBe(false);
    expect(keepsOutOfLearning({ model: 'learnt' })).toBe(true);
  });
});
