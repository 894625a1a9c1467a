/**
 * The whole life of one ticket, decided when it is reported: 上报 reported → 受理 accepted →
 * 派单 dispatched → (吹哨 whistle → 报到 arrived) → 处置 resolved → 反馈 feedback → 评价 rated →
 * closed, with some cancelled, some reopened and handled again. Stage times come from the
 * department's pace, the ticket's priority and how overloaded the city is (`load` ≥ 1).
 */
import type { TicketEvent } from '@onegrid/contracts';
import { department } from '../city/departments.ts';
import type { Rng } from '../rng.ts';
import { HOUR, MINUTE } from '../time.ts';
import type { Category } from './ticket-catalog.ts';

export type Stage = {
  event: TicketEvent['event'];
  t: number;
  department?: string;
  departments?: string[];
  satisfaction?: number;
};

const PRIORITY_PACE = { normal: 1, urgent: 0.6, emergency: 0.3 } as const;

/** Log-normal with the given median and spread. */
const lognormal = (rng: Rng, median: number, sigma: number): number =>
  median * Math.exp(sigma * rng.normal());

export function planLifecycle(
  t0: number,
  category: Category,
  priority: keyof typeof PRIORITY_PACE,
  load: number,
  rng: Rng,
): Stage[] {
  const stages: Stage[] = [{ event: 'reported', t: t0 }];
  let t = t0 + lognormal(rng, 2.5 * MINUTE, 0.6) * load;
  stages.push({ event: 'accepted', t });
  if (rng.chance(0.04)) {
    // A duplicate report of a known problem, or the caller withdrew it.
    stages.push({ event: 'cancelled', t: t + rng.range(5, 60) * MINUTE });
    return toSeconds(stages);
  }
  const dept = department(category.department);
  let round = 0;
  for (;;) {
    t += lognormal(rng, 4 * MINUTE, 0.6) * load;
    stages.push({ event: 'dispatched', t, department: dept.id });
    const dispatchedAt = t;
    let lastArrival = t;
    if (round === 0 && category.summon.length > 0 && rng.chance(priority === 'normal' ? 0.03 : 0.18)) {
      const summoned = category.summon.filter(() => rng.chance(0.6));
      const departments = summoned.length > 0 ? summoned : [category.summon[0] as string];
      const whistleAt = dispatchedAt + rng.range(10, 40) * MINUTE;
      stages.push({ event: 'whistle', t: whistleAt, departments });
      for (const d of departments) {
        // Most arrive within their usual time; some are late and the ticket goes overdue.
        const late = rng.chance(0.12) ? rng.range(2, 4) : 1;
        const arriveAt = whistleAt + lognormal(rng, department(d).arriveMinutes * MINUTE, 0.35) * load * late;
        stages.push({ event: 'arrived', t: arriveAt, department: d });
        lastArrival = Math.max(lastArrival, arriveAt);
      }
    }
    // A summoned problem is solved together: not before the last department has arrived.
    t = Math.max(
      dispatchedAt + lognormal(rng, dept.medianHours * HOUR * PRIORITY_PACE[priority], 0.5) * load,
      lastArrival + rng.range(10, 60) * MINUTE,
    );
    stages.push({ event: 'resolved', t, department: dept.id });
    t += rng.range(5, 60) * MINUTE;
    stages.push({ event: 'feedback', t });
    const slow = (t - t0) / HOUR / (dept.medianHours * 2);
    let satisfaction = 0;
    if (rng.chance(0.75)) {
      t += lognormal(rng, 2 * HOUR, 0.8);
      satisfaction = Math.max(1, Math.min(5, Math.round(4.6 - slow + 0.9 * rng.normal())));
      stages.push({ event: 'rated', t, satisfaction });
    }
    const unhappy = satisfaction > 0 && satisfaction <= 2;
    if (round === 0 && (unhappy ? rng.chance(0.5) : rng.chance(0.015))) {
      t += rng.range(10, 120) * MINUTE;
      stages.push({ event: 'reopened', t });
      round++;
      continue;
    }
    t += satisfaction > 0 ? rng.range(10, 60) * MINUTE : 24 * HOUR;
    stages.push({ event: 'closed', t });
    return toSeconds(stages);
  }
}

/** Whole seconds, as the feeds stamp them, in time order. */
function toSeconds(stages: Stage[]): Stage[] {
  for (const s of stages) s.t = Math.round(s.t / 1000) * 1000;
  return stages.sort((a, b) => a.t - b.t);
}
