import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { ROLES, type Role } from './roles.ts';
import { homeAwake, nextCycle, pointIn } from './schedule.ts';

const run = (role: Role, days: number, lateMorning = 0) => {
  const rng = createRng(4, 'schedule');
  const clock = { role, lateMorning, pendingWake: null };
  // Day 0 is a Monday.
  return Array.from({ length: days }, (_, d) => nextCycle(rng, clock, d, (d + 1) % 7));
};

describe('schedule > nextCycle', () => {
  it('chains cycles: each wake is after the last bed, with at least four hours asleep', () => {
    for (const role of Object.values(ROLES)) {
      const cycles = run(role, 30, 0.2);
      for (let i = 1; i < cycles.length; i++) {
        const prev = cycles[i - 1];
        const cur = cycles[i];
        if (!prev || !cur) continue;
        expect(cur.wake, role.name).toBe(prev.nextWake);
        expect(cur.wake - prev.bed, role.name).toBeGreaterThanOrEqual(240 - 1e-6);
        expect(cur.bed).toBeGreaterThan(cur.wake);
      }
    }
  });

  it('sends a worker out on weekdays for most of the day', () => {
    const cycles = run(ROLES.worker, 5);
    for (const c of cycles) {
      const out = c.away.reduce((s, [a, b]) => s + b - a, 0);
      expect(out).toBeGreaterThan(8 * 60);
    }
  });

  it('keeps a night-shift worker out overnight', () => {
    const monday = run(ROLES.nightShift, 1)[0];
    expect(monday?.away.some(([a, b]) => a < 24 * 60 && b > 26 * 60)).toBe(true);
  });
});

describe('schedule > homeAwake', () => {
  it('is the awake time minus the time away', () => {
    const c = { wake: 400, bed: 1400, nextWake: 1800, away: [[500, 1000]] as [number, number][] };
    expect(homeAwake(c)).toEqual([
      [400, 500],
      [1000, 1400],
    ]);
    expect(pointIn(homeAwake(c), 0.5)).toBe(1000 + 150);
  });
});
