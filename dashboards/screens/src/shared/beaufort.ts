/** Lower bounds (m/s) of Beaufort forces 1..17 as China's GB/T 28591 extends them. */
const BOUNDS = [
  0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7, 37.0, 41.5, 46.2, 51.0, 56.1,
];

/** Wind force (级) of a 2-minute mean wind speed, the unit Chinese forecasts speak in. */
export function beaufort(speedMs: number): number {
  let force = 0;
  for (const bound of BOUNDS) if (speedMs >= bound) force += 1;
  return force;
}
