/**
 * Astronomical tide at the mouth of the Yangtze / Huangpu: the two main semi-diurnal
 * constituents, M2 (12.42 h) and S2 (12.00 h). Their beat is the spring-neap cycle; the
 * scenario puts spring high water close to landfall, as the feared 三碰头 (wind, rain and
 * tide together) would have it.
 */
import { HOUR } from '../time.ts';

const M2_PERIOD = 12.4206 * HOUR;
const S2_PERIOD = 12 * HOUR;
const M2_AMPLITUDE_M = 1.25;
const S2_AMPLITUDE_M = 0.45;

export interface Tide {
  /** Deviation from mean sea level at the reference gauge, metres, `lagHours` later. */
  at(t: number, lagHours: number): number;
}

export function createTide(highWaterNear: number): Tide {
  return {
    at(t, lagHours) {
      const dt = t - lagHours * HOUR - highWaterNear;
      return (
        M2_AMPLITUDE_M * Math.cos((2 * Math.PI * dt) / M2_PERIOD) +
        S2_AMPLITUDE_M * Math.cos((2 * Math.PI * dt) / S2_PERIOD)
      );
    },
  };
}
