import { TOPICS, type WeatherObservation } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { createScenario } from '../scenario.ts';
import { collectTruth, type SensorFaultTruth } from '../truth/truth.ts';

const WEATHER_ONLY = {
  meters: false,
  tickets: false,
  evacuations: false,
  resources: false,
  waterLevels: false,
  advisories: false,
};

function observations(sensorFaults: Record<string, number>) {
  const truth = collectTruth();
  const scenario = createScenario(
    {
      seed: 9,
      households: 100,
      hours: 48,
      streams: WEATHER_ONLY,
      sensorFaults,
      // The feed's faults draw per message sent: a silent station would shift which others get them.
      pathologies: { duplicate: 0, outOfOrder: 0, malformed: 0, wrongType: 0, outOfRange: 0, unknownId: 0 },
    },
    truth,
  );
  const byStation = new Map<string, WeatherObservation[]>();
  for (const r of scenario.events()) {
    if (r.topic !== TOPICS.weatherObservations) continue;
    const o = JSON.parse(String(r.value)) as WeatherObservation;
    byStation.set(o.station_id, [...(byStation.get(o.station_id) ?? []), o]);
  }
  const faults = truth.entries.filter(
    (e): e is SensorFaultTruth => e.type === 'sensor_fault' && e.device_kind === 'station',
  );
  return { byStation, faults };
}

const inside = (o: WeatherObservation, f: SensorFaultTruth) => o.ts > f.from && o.ts <= f.to;

describe('simulator > planted station faults', () => {
  const planted = observations({ stationGlitches: 4, stuckStations: 1, silentStations: 1 });
  const clean = observations({});

  it('plants each glitch kind in turn, the stuck anemometer and the silent station, with truth', () => {
    const glitches = planted.faults.filter((f) => f.kind === 'glitch');
    expect(glitches.map((f) => f.glitch)).toEqual(['gust_99', 'gust_jump', 'mean_jump', 'rain_spike']);
    expect(planted.faults.filter((f) => f.kind !== 'glitch').map((f) => f.kind)).toEqual(['stuck', 'silent']);
    for (const f of glitches) {
      expect(f.readings?.length).toBeGreaterThan(0);
      for (const r of f.readings ?? []) {
        const sent = planted.byStation.get(f.device_id)?.find((o) => o.ts === r.ts);
        expect(sent?.[r.field as 'wind_gust_ms']).toBe(r.value);
        expect(Math.abs(r.value - (r.true_value ?? 0))).toBeGreaterThanOrEqual(12);
      }
    }
  });

  it('sends one wind value through the stuck spell and nothing through the silent one', () => {
    const stuck = planted.faults.find((f) => f.kind === 'stuck') as SensorFaultTruth;
    const during = (planted.byStation.get(stuck.device_id) ?? []).filter((o) => inside(o, stuck));
    expect(during.length).toBeGreaterThan(40);
    expect(new Set(during.map((o) => o.wind_speed_ms)).size).toBe(1);
    const silent = planted.faults.find((f) => f.kind === 'silent') as SensorFaultTruth;
    expect((planted.byStation.get(silent.device_id) ?? []).filter((o) => inside(o, silent))).toEqual([]);
  });

  it('changes no value of any station without a fault', () => {
    const faulty = new Set(planted.faults.map((f) => f.device_id));
    for (const [id, obs] of clean.byStation) {
      if (faulty.has(id)) continue;
      expect(planted.byStation.get(id)).toEqual(obs);
    }
  });
});
