// What the hourly ring's closed days would cost packed (issue 17 item 3), measured on a
// generator's hours: each hour as a flag byte, its electricity and (when not zero) water as
// varints of whole meter units (0.01 kWh, 1 L), odd reading counts as a byte, a value that is
// not whole units as two float32s; plus 2 bytes a day to find it. Today's slab: 6 B an hour.
//   node packages/analytics/scripts/evaluate-utility.ts --source S … --dump DIR
//   node packages/analytics/bench/ring-packing.ts DIR
// Reads DIR/hourly.jsonl (every row the detector emitted; the newest version of each hour counts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] as string;
interface Row {
  household_id: string;
  hour: string;
  water_m3: number;
  electricity_kwh: number;
  water_readings: number;
  electricity_readings: number;
  version: number;
  in_alert: number;
}
const newest = new Map<string, Row>();
for (const line of readFileSync(join(dir, 'hourly.jsonl'), 'utf8').split('\n')) {
  if (!line) continue;
  const row = JSON.parse(line) as Row;
  const key = `${row.household_id} ${row.hour}`;
  const known = newest.get(key);
  if (!known || known.version <= row.version) newest.set(key, row);
}
const varint = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4);
/** Whole units of `x` at `per` units a unit, or undefined. */
const whole = (x: number, per: number): number | undefined => {
  const n = Math.round(x * per);
  return n >= 0 && Math.abs(n / per - x) < 1e-9 ? n : undefined;
};
let hours = 0;
let bytes = 0;
let dry = 0;
let aside = 0;
let odd = 0;
const households = new Set<string>();
for (const row of newest.values()) {
  households.add(row.household_id);
  hours++;
  bytes += 1;
  const e = whole(row.electricity_kwh, 100);
  const w = whole(row.water_m3, 1000);
  if (e === undefined || w === undefined) {
    aside++;
    bytes += 8;
  } else {
    bytes += varint(e);
    if (w > 0) bytes += varint(w);
    else dry++;
  }
  if (row.water_readings !== 4 || row.electricity_readings !== 4) {
    odd++;
    bytes += 1;
  }
}
const perHour = (bytes + (hours / 24) * 2) / hours;
console.log(
  JSON.stringify({
    dir,
    households: households.size,
    hours,
    packedBytesPerHour: Math.round(perHour * 100) / 100,
    slabBytesPerHour: 6,
    dryShare: Math.round((dry / hours) * 1000) / 1000,
    notWholeUnitsShare: Math.round((aside / hours) * 10000) / 10000,
    oddCountsShare: Math.round((odd / hours) * 1000) / 1000,
    ringOf16DaysB: Math.round(perHour * 16 * 24),
  }),
);
