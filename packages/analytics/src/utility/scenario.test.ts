import { type Alert, decoderFor, type Household, TOPICS, toEpochMs } from '@onegrid/contracts';
import { collectTruth, createScenario } from '@onegrid/simulator';
import { describe, expect, it } from 'vitest';
import { inInactivityScope } from './alerts.ts';
import { UtilityDetector } from './detectors.ts';
import { scopeTruth, scoreInactivity } from './scoring.ts';

const LAG = 15 * 60_000;

describe('usage > UtilityDetector on a simulated city', () => {
  it('finds most planted incidents soon after onset, with few false alarms', () => {
    const truth = collectTruth();
    const scenario = createScenario(
      {
        seed: 7,
        households: 1000,
        hours: 30,
        warmupDays: 7,
        streams: { weather: false, waterLevels: false, tickets: false, evacuations: false, resources: false },
        plant: { incident: 200 },
      },
      truth,
    );
    const decodeHousehold = decoderFor(TOPICS.households);
    const decodeReading = decoderFor(TOPICS.meterReadings);
    const registry = new Map<string, Household>();
    for (const r of scenario.registry()) {
      const d = r.topic === TOPICS.households ? decodeHousehold(r.value) : undefined;
      if (d?.ok) registry.set(d.value.household_id, d.value);
    }
    const detector = new UtilityDetector({}, { household: (id) => registry.get(id) });
    const alerts: Alert[] = [];
    let maxTs = Number.NEGATIVE_INFINITY;
    let next = Number.NEGATIVE_INFINITY;
    for (const r of scenario.events()) {
      const d = r.topic === TOPICS.meterReadings ? decodeReading(r.value) : undefined;
      if (!d?.ok) continue;
      maxTs = Math.max(maxTs, toEpochMs(d.value.ts));
      detector.onReading(d.value);
      if (maxTs >= next) {
        alerts.push(...detector.advance(maxTs - LAG).alerts);
        next = maxTs + 10 * 60_000;
      }
    }
    alerts.push(...detector.advance(maxTs - LAG).alerts);

    // Incidents on households neither alone nor vulnerable raise nothing by design: not scored.
    const scoped = scopeTruth(truth.entries, (id) => inInactivityScope(registry.get(id)));
    const score = scoreInactivity(alerts, scoped.entries);
    expect(scoped.outOfScopeIncidents).toBeGreaterThan(0);
    expect(score.planted).toBeGreaterThanOrEqual(10);
    expect(score.recall).toBeGreaterThanOrEqual(0.8);
    expect(score.medianDelayH).toBeLessThan(6);
    expect(score.falseAlarmsPerHouseholdMonth).toBeLessThan(0.5);
  }, 300_000); // about 12 s alone; minutes on the shared 2-core machine under load
});
