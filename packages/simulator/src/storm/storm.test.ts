import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { HOUR } from '../time.ts';
import { rainRateAt } from './rain.ts';
import { createTide } from './tide.ts';
import { createTrack, type StormState } from './track.ts';
import { windAt } from './wind.ts';

const eye: StormState = {
  lon: 122,
  lat: 30,
  pressureHpa: 960,
  rmaxKm: 40,
  speedMs: 6,
  headingDeg: 315,
  landed: false,
};
const km = (k: number) => k / 111.2;

describe('storm > windAt (Holland profile)', () => {
  it('is strongest near the radius of maximum winds and weak far away', () => {
    const at = (r: number) => windAt(eye, 1008, eye.lon, eye.lat + km(r), true).speedMs;
    expect(at(40)).toBeGreaterThan(at(10));
    expect(at(40)).toBeGreaterThan(at(150));
    expect(at(800)).toBeLessThan(5);
  });

  it('turns counter-clockwise: north of the eye it blows from the east', () => {
    const w = windAt(eye, 1008, eye.lon, eye.lat + km(60), true);
    expect(w.fromDeg).toBeGreaterThan(45);
    expect(w.fromDeg).toBeLessThan(135);
  });

  it('drops the pressure towards the centre', () => {
    expect(windAt(eye, 1008, eye.lon, eye.lat + km(5), true).pressureHpa).toBeLessThan(970);
    expect(windAt(eye, 1008, eye.lon, eye.lat + km(600), true).pressureHpa).toBeGreaterThan(1000);
  });
});

describe('storm > rainRateAt', () => {
  it('rains hardest around the eyewall, and not at all 1,000 km away', () => {
    const rate = (r: number) => rainRateAt(eye, 1008, windAt(eye, 1008, eye.lon, eye.lat + km(r), true));
    expect(rate(50)).toBeGreaterThan(rate(300));
    expect(rate(1000)).toBe(0);
  });
});

describe('storm > createTrack', () => {
  it('comes from the south-east and lands near 南汇嘴 at landfall time', () => {
    const landfall = Date.UTC(2026, 8, 13, 18);
    const track = createTrack(landfall, createRng(1, 't'));
    const before = track.at(landfall - 24 * HOUR);
    const at = track.at(landfall);
    expect(before.lat).toBeLessThan(at.lat);
    expect(before.lon).toBeGreaterThan(at.lon);
    expect(Math.abs(at.lat - 30.86)).toBeLessThan(0.15);
    expect(Math.abs(at.lon - 121.88)).toBeLessThan(0.15);
    expect(at.landed).toBe(true);
    expect(track.at(landfall + 24 * HOUR).pressureHpa).toBeGreaterThan(at.pressureHpa);
  });
});

describe('storm > createTide', () => {
  it('is semi-diurnal with spring high water near the given time', () => {
    const t0 = Date.UTC(2026, 8, 13, 19);
    const tide = createTide(t0);
    expect(tide.at(t0, 0)).toBeCloseTo(1.7, 1);
    expect(tide.at(t0 + 6.2 * HOUR, 0)).toBeLessThan(-1.4);
    expect(tide.at(t0 + 12.4 * HOUR, 0)).toBeGreaterThan(1.5);
  });
});
