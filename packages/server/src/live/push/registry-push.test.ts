import { TOPICS } from '@onegrid/contracts';
import { describe, expect, it } from 'vitest';
import { decodeRegistry } from './decode.ts';
import { EvacuationModel } from './emergency-models.ts';
import { GaugeModel } from './gauge-model.ts';

const gauge = {
  gauge_id: 'WL-PD-001',
  name: '黄浦江 · 吴淞口',
  district: '310115',
  lat: 31.38,
  lon: 121.5,
  kind: 'river',
  warning_level_m: 4.2,
  guarantee_level_m: 4.8,
};
const shelter = {
  shelter_id: 'SH-PD-01',
  name: '浦东一中',
  district: '310115',
  lat: 31.2,
  lon: 121.5,
  capacity: 800,
};
const T = Date.parse('2026-09-14T02:00:00+08:00');

describe('registries pushed from Kafka', () => {
  it('shows a reading of a gauge the store does not know yet, once its registry record is read', () => {
    const model = new GaugeModel();
    model.setRegistry([]); // the store at start: the registry's archive has not written it yet
    expect(model.reading(gauge.gauge_id, T, 3.9)).toBe(false);
    expect(model.view().data).toEqual({});
    const fact = decodeRegistry(TOPICS.gauges, gauge.gauge_id, JSON.stringify(gauge));
    if (fact?.kind !== 'gauge') throw new Error(`expected a gauge, got ${JSON.stringify(fact)}`);
    model.register(fact.id, fact.gauge);
    expect(model.view().data[gauge.gauge_id]).toMatchObject({ level_m: 3.9, warning_level_m: 4.2 });
    // A store catch-up that still lacks it does not take it away again.
    model.setRegistry([]);
    expect(Object.keys(model.view().data)).toEqual([gauge.gauge_id]);
  });

  it('keeps the newer Kafka record over the store, and a tombstone removes the gauge', () => {
    const model = new GaugeModel();
    model.reading(gauge.gauge_id, T, 4.5);
    model.register(gauge.gauge_id, { ...gauge, warning_level_m: 4.4 });
    model.setRegistry([gauge]);
    expect(model.view().data[gauge.gauge_id]?.warning_level_m).toBe(4.4);
    const tombstone = decodeRegistry(TOPICS.gauges, gauge.gauge_id, null);
    expect(tombstone).toEqual({ kind: 'gauge', id: gauge.gauge_id, gauge: null });
    model.register(gauge.gauge_id, null);
    expect(model.view().data).toEqual({});
  });

  it('counts a check-in at a shelter registered on Kafka only', () => {
    const model = new EvacuationModel();
    model.setShelters([]);
    const event = {
      event_id: 'E1',
      ts: T,
      shelter_id: shelter.shelter_id,
      district: '310115',
      action: 'check_in',
      people: 3,
    };
    expect(model.event(event)).toBe(false);
    const fact = decodeRegistry(TOPICS.shelters, shelter.shelter_id, JSON.stringify(shelter));
    if (fact?.kind !== 'shelter') throw new Error(`expected a shelter, got ${JSON.stringify(fact)}`);
    model.register(fact.id, fact.shelter);
    expect(model.event(event)).toBe(true);
    expect(model.view().data[`shelter:${shelter.shelter_id}`]).toMatchObject({ occupancy: 3, capacity: 800 });
  });

  it('ignores a registry record that fails its schema (the archive dead-letters it)', () => {
    const bad = { ...gauge, warning_level_m: 5 }; // warning above guarantee
    expect(decodeRegistry(TOPICS.gauges, gauge.gauge_id, JSON.stringify(bad))).toBeUndefined();
    expect(decodeRegistry(TOPICS.shelters, null, null)).toBeUndefined();
    expect(decodeRegistry(TOPICS.households, 'H1', '{}')).toBeUndefined();
  });
});
