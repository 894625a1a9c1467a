import { type Alert, isoCst } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { openAlert } from './alerts.ts';
import { parseUtilityConfig } from './config.ts';
import { newHousehold } from './household.ts';
import { householdInfo } from './testing.ts';
import { HOUR, MINUTE } from './time.ts';
import { checkWaterRunning, waterProfileOf } from './water-alert.ts';

const H0 = Date.UTC(2026, 8, 13, 16);
const config = parseUtilityConfig();

function running() {
  const h = newHousehold(householdInfo('HH-1'), 48, {});
  h.waterRunning = openAlert({
    type: 'water_running',
    severity: 'warning',
    subject: 'HH-1',
    place: h.place,
    since: H0,
    detectedAt: H0 + 2 * HOUR,
    evidence: { reason: 'test' },
  });
  h.flow.start = Number.NaN; // the flow has stopped…
  h.flow.lastFlowTo = H0 + 3 * HOUR; // …at 03:00
  return h;
}

describe('utility water alert', () => {
  it('resolves an open alert once the pause lasts waterPauseMs, dated when the flow stopped', () => {
    const h = running();
    h.flow.end = H0 + 3 * HOUR + config.waterPauseMs;
    const alerts: Alert[] = [];
    checkWaterRunning(h, h.flow.end, config, alerts);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: 'resolved',
      alert_id: 'water_running:HH-1:2026-09-14T00:00:00+08:00',
    });
    expect(alerts[0]?.evidence.ended_at).toBe(isoCst(H0 + 3 * HOUR));
    expect(h.waterRunning).toBeUndefined();
  });

  it('keeps it open through a shorter pause (one condition, one alert)', () => {
    const h = running();
    h.flow.end = H0 + 3 * HOUR + config.waterPauseMs - MINUTE;
    const alerts: Alert[] = [];
    checkWaterRunning(h, h.flow.end, config, alerts);
    expect(alerts).toEqual([]);
    expect(h.waterRunning?.status).toBe('open');
  });

  it('opens nothing when no water is running', () => {
    const h = newHousehold(householdInfo('HH-2'), 48, {});
    const alerts: Alert[] = [];
    checkWaterRunning(h, H0 + HOUR, config, alerts);
    expect(alerts).toEqual([]);
  });

  it('relearns the water profile once a Shanghai day', () => {
    const h = newHousehold(householdInfo('HH-3'), 48, {});
    waterProfileOf(h, H0 + HOUR, config);
    const day = h.waterProfileDay;
    waterProfileOf(h, H0 + 23 * HOUR, config);
    expect(h.waterProfileDay).toBe(day);
    waterProfileOf(h, H0 + 24 * HOUR, config);
    expect(h.waterProfileDay).toBe(day + 1);
  });
});
