import type { Alert, MeterReading } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import type { HourlyDetector } from './detector.ts';
import { UtilityDetector } from './detectors.ts';
import type { HouseholdUsageHour } from './hourly.ts';
import { emptyStore, keep, type OutputStore, restoreFrom } from './restart-store.test-support.ts';
import {
  householdInfo,
  normalQuarter,
  QUARTER,
  stoppedQuarter,
  syntheticReadings,
  T0,
  type Usage,
} from './testing.ts';
import { DAY, HOUR } from './time.ts';

/**
 * A restored open inactivity alert and a replay that begins hours before its `since`: another
 * household's run of water under way holds the resume point back (resume-point.ts), so the
 * rebuilt detector judges again hours the one before it judged with no alert open. Found on
 * households seed 1007 with a crash every hour (restore16): resolved at 13:00, since 15:00.
 */
const ALONE = 'HH-00000001';
const TAP = 'HH-00000002';
const STOP = T0 + 14 * DAY + 10 * HOUR;
const END = T0 + 15 * DAY + 12 * HOUR;
const detector = () =>
  new UtilityDetector(
    {},
    { household: (id) => householdInfo(id, { lives_alone: true, vulnerable: ['elderly'] }) },
  ) as HourlyDetector<unknown>;

const readings = [
  ...syntheticReadings({
    household: ALONE,
    from: T0,
    to: END,
    usage: (t: number): Usage => (t > STOP ? stoppedQuarter() : normalQuarter(t)),
  }),
  // A tap left running from 08:00, two hours before the other household stops.
  ...syntheticReadings({
    household: TAP,
    from: T0,
    to: END,
    usage: (t: number): Usage => {
      const u = normalQuarter(t);
      return t > STOP - 2 * HOUR && t <= STOP + 10 * HOUR ? { ...u, water: u.water + 0.06 } : u;
    },
  }),
].sort((a, b) => a.ts.localeCompare(b.ts));

function feed(
  d: HourlyDetector<unknown>,
  store: OutputStore,
  batch: readonly MeterReading[],
  final: boolean,
): void {
  let last = Number.NEGATIVE_INFINITY;
  const take = (out: { alerts: Alert[]; hourly: HouseholdUsageHour[] }) => keep(store, out);
  for (const r of batch) {
    const t = Date.parse(r.ts);
    if (t > last) {
      take(d.advance(t - QUARTER));
      last = t;
    }
    d.onReading(r);
  }
  if (final) take(d.advance(last + HOUR));
}

/** Rebuilt from the store as the processor rebuilds one (restart-store.test-support.ts). */
const restore = (store: OutputStore): HourlyDetector<unknown> => restoreFrom(detector(), store);

const distinct = (alerts: readonly Alert[]): string[] =>
  [...new Set(alerts.map((a) => JSON.stringify({ ...a, raised_at: undefined })))].sort();

describe('utility > a restored inactivity alert and a replay from before its since', () => {
  it('raises the uninterrupted run’s alerts, crashed at any quarter of the first hours of the alert', () => {
    const whole: OutputStore = emptyStore();
    feed(detector(), whole, readings, true);
    const inactivity = whole.alerts.filter((a) => a.type === 'utility_inactivity' && a.subject === ALONE);
    expect(inactivity.length).toBeGreaterThan(0);
    const alert = inactivity[0] as Alert;
    expect(Date.parse(alert.since)).toBeGreaterThanOrEqual(STOP);
    let replayedBeforeSince = 0;
    for (let crash = STOP + HOUR; crash <= STOP + 6 * HOUR; crash += QUARTER) {
      const stored: OutputStore = emptyStore();
      const first = detector();
      feed(
        first,
        stored,
        readings.filter((r) => Date.parse(r.ts) <= crash),
        false,
      );
      const needed = first.oldestNeededTime() as number;
      // The case: the replay re-judges hours before an open alert's since.
      if (needed < Date.parse(alert.since) && stored.alerts.some((a) => a.alert_id === alert.alert_id))
        replayedBeforeSince++;
      feed(
        restore(stored),
        stored,
        readings.filter((r) => Date.parse(r.ts) >= needed),
        true,
      );
      expect(distinct(stored.alerts), `crash at ${new Date(crash).toISOString()}`).toEqual(
        distinct(whole.alerts),
      );
    }
    expect(replayedBeforeSince).toBeGreaterThan(0);
  });
});
