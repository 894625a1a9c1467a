import { z } from 'zod';

/**
 * An event time: ISO-8601 / RFC 3339 with seconds and an offset or `Z`, e.g.
 * `2026-09-14T08:15:00+08:00`. A time without an offset is rejected (its instant is unknown),
 * and so is a date that does not exist (`2026-02-30`). Fractions of a second are allowed, up to
 * 64 characters in all (nanoseconds and a `+hh:mm` offset take 35): the pattern alone accepted a
 * fraction of any length, and a 70 KB time then broke every store and topic that bounds it.
 * The decoded value stays the original string; use `toEpochMs` for arithmetic.
 */
export const TIMESTAMP_MAX_CHARS = 64;
export const timestamp = z.iso
  .datetime({ offset: true, error: 'ISO-8601 time with offset' })
  .max(TIMESTAMP_MAX_CHARS, { error: `ISO-8601 time with offset, at most ${TIMESTAMP_MAX_CHARS} characters` })
  .describe('ISO-8601 time with an offset, e.g. "2026-09-14T08:15:00+08:00"');

const ZERO = 48;

function digits(ts: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = ts.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return Number.NaN;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Milliseconds since the Unix epoch of a `timestamp` string, read by hand (no `Date`, no regex):
 * the hot path turns every event's `ts` into a number. Digits past milliseconds are truncated.
 * Expects a string that passed `timestamp`; for anything it cannot read it returns `NaN`
 * (it never throws and does not re-validate day-of-month).
 */
export function toEpochMs(ts: string): number {
  // Readings of one batch mostly share their quarter-hour (a city's meters report together):
  // the last time read is kept, and the same text is compared instead of read again.
  if (ts === lastTs) return lastMs;
  const ms = readEpochMs(ts);
  lastTs = ts;
  lastMs = ms;
  return ms;
}

let lastTs = '';
let lastMs = Number.NaN;

function readEpochMs(ts: string): number {
  if (ts.charCodeAt(4) !== 45 || ts.charCodeAt(7) !== 45 || ts.charCodeAt(13) !== 58) return Number.NaN;
  const t = ts.charCodeAt(10);
  if ((t !== 84 && t !== 116) || ts.charCodeAt(16) !== 58) return Number.NaN;
  const year = digits(ts, 0, 4);
  const month = digits(ts, 5, 2);
  const day = digits(ts, 8, 2);
  const hour = digits(ts, 11, 2);
  const minute = digits(ts, 14, 2);
  const second = digits(ts, 17, 2);
  let i = 19;
  let ms = 0;
  if (ts.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    let d = ts.charCodeAt(i) - ZERO;
    if (!(d >= 0 && d <= 9)) return Number.NaN;
    while (d >= 0 && d <= 9) {
      ms += d * scale;
      scale = Math.floor(scale / 10);
      d = ts.charCodeAt(++i) - ZERO;
    }
  }
  const zone = ts.charCodeAt(i);
  let offsetMin = 0;
  if (zone === 43 || zone === 45) {
    if (ts.length !== i + 6 || ts.charCodeAt(i + 3) !== 58) return Number.NaN;
    const magnitude = digits(ts, i + 1, 2) * 60 + digits(ts, i + 4, 2);
    offsetMin = zone === 45 ? -magnitude : magnitude;
  } else if (!((zone === 90 || zone === 122) && ts.length === i + 1)) {
    return Number.NaN;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return Number.NaN;
  }
  const minutes = (daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMin;
  return minutes * 60_000 + second * 1000 + ms;
}

/** China Standard Time: a fixed +08:00 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `YYYY-MM-DDTHH:mm:ss` of `d`, a Date shifted to the +08:00 wall clock. Written by hand:
 * generators call this for every message, and `toISOString` measured 4× slower. Years
 * 1000–9999 only (a `timestamp` has four digits of year).
 */
function wallSeconds(d: Date): string {
  const year = d.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) throw new RangeError(`instant out of range: ${d.getTime()}`);
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}`;
}

/** The instant `ms` on the +08:00 wall clock (`Date` truncates fractional ms). */
const cstDate = (ms: number): Date => new Date(ms + CST_OFFSET_MS);

/**
 * The one way onegrid writes an instant (epoch ms) as a `timestamp`: `2026-09-14T08:15:00+08:00`,
 * with milliseconds only when there are some (`2026-09-14T08:15:00.250+08:00`). This is the form
 * the contract's examples show, and a whole-second event time round-trips to the exact string the
 * feed sent; ClickHouse reads both into `DateTime64(3, 'Asia/Shanghai')` (best_effort parsing).
 * Throws `RangeError` for a non-finite instant.
 */
export function isoCst(ms: number): string {
  const d = cstDate(ms);
  const millis = d.getUTCMilliseconds();
  return `${wallSeconds(d)}${millis === 0 ? '' : `.${pad3(millis)}`}+08:00`;
}

/**
 * `isoCst` truncated to the whole second (`2026-09-14T08:15:59+08:00` for …:59.999): what the
 * generators send and what typhoon alert ids carry, so replays land on the same ids.
 */
export function isoCstSeconds(ms: number): string {
  return `${wallSeconds(cstDate(ms))}+08:00`;
}

/** `isoCst` with milliseconds always written (`2026-09-14T08:15:00.000+08:00`): the HTTP API's times. */
export function isoCstMillis(ms: number): string {
  const d = cstDate(ms);
  return `${wallSeconds(d)}.${pad3(d.getUTCMilliseconds())}+08:00`;
}
