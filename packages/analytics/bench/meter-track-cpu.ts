// CPU of the meter tracks per reading, the slab's columns against the object layout before them
// (meter-track-before.ts), alternated in one process (issue 17):
//   node packages/analytics/bench/meter-track-cpu.ts [meters=2000] [quarters=1000] [rounds=3]
// Readings without an input offset, as the processor and the scripts feed the detector: since
// wip-meters19 a meter given offsets keeps its readings wide (recent-slab.ts).
import { MeterTrack } from '../src/utility/meter-track.ts';
import { MeterTrackBefore } from '../src/utility/meter-track-before.ts';
import { RecentSlab } from '../src/utility/recent-slab.ts';

const meters = Number(process.argv[2] ?? 2000);
const quarters = Number(process.argv[3] ?? 1000);
const rounds = Number(process.argv[4] ?? 3);
const Q = 900_000;
const START = Date.parse('2026-09-01T00:00:00+08:00');

function run(make: () => MeterTrack | MeterTrackBefore): { cpuMs: number; sum: number } {
  const tracks = Array.from({ length: meters }, make);
  let sum = 0;
  const sink = (iv: { usage: number }): void => {
    sum += iv.usage;
  };
  const cpu = process.cpuUsage();
  for (let q = 0; q < quarters; q++) {
    const t = START + q * Q;
    for (let m = 0; m < meters; m++) {
      const track = tracks[m] as MeterTrack;
      track.offer(t, 1000 + q * 0.25 + (m % 7) * 0.01, false);
      // A repeat now and then, as feeds send.
      if (m % 50 === 0) track.offer(t, 1000 + q * 0.25, false);
      track.consume(t, sink);
      if (m % 100 === 0) track.consumedAtOrBefore(t - 3 * Q);
    }
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, sum };
}

const results: string[] = [];
for (let r = 0; r < rounds; r++) {
  const before = run(() => new MeterTrackBefore());
  const slab = new RecentSlab();
  const after = run(() => new MeterTrack(slab));
  if (before.sum !== after.sum) throw new Error('the layouts disagree');
  results.push(
    JSON.stringify({
      round: r + 1,
      readings: meters * quarters,
      beforeNsPerReading: Math.round((before.cpuMs * 1e6) / (meters * quarters)),
      slabNsPerReading: Math.round((after.cpuMs * 1e6) / (meters * quarters)),
      ratio: Math.round((after.cpuMs / before.cpuMs) * 100) / 100,
      slabMetersWide: slab.wide(),
    }),
  );
}
console.log(results.join('\n'));
