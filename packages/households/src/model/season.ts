/**
 * The slow seasonal drift: Shanghai's daily mean temperature through the year (about 4 °C in
 * January, 28 °C in late July) and its sunrise and sunset (31.2° N). Heating and cooling need
 * drive the air conditioners, cold days lengthen showers, and darkness turns lights on.
 */
import { cstDayOfYear } from '../time.ts';

export interface Season {
  tempC: number;
  /** 0..1: how much of the time an air conditioner or heater runs while someone is home. */
  hvacNeed: number;
  /** Local sunrise and sunset, minutes after midnight. */
  sunrise: number;
  sunset: number;
}

const LATITUDE = (31.2 * Math.PI) / 180;

export function seasonOf(localMidnight: number): Season {
  const doy = cstDayOfYear(localMidnight);
  const tempC = 16.5 + 12 * Math.cos((2 * Math.PI * (doy - 208)) / 365);
  const hvacNeed = Math.min(1, Math.max(0, (12 - tempC) / 10) + Math.max(0, (tempC - 25) / 5));
  // Solar declination (Cooper 1969) and the hour angle of sunset; solar noon near 12:00 local.
  const decl = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (284 + doy)) / 365);
  const halfDay = (Math.acos(-Math.tan(LATITUDE) * Math.tan(decl)) * 180) / Math.PI / 15;
  const noon = 11.9 * 60;
  return { tempC, hvacNeed, sunrise: noon - halfDay * 60, sunset: noon + halfDay * 60 };
}
