import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// A setup file of both vitest projects: each worker touches a file named by its pid every few
// seconds, from a timer on its own event loop. The run's watchdog (run-vitest.ts) reads a file
// gone stale while its process lives as a blocked event loop: the case vitest's own timeouts,
// timers on that same loop, can never report (CI, 2026-12-07: 83 silent minutes). Nothing
// without ONEGRID_TEST_HEARTBEAT (a plain `vitest`).
const dir = process.env.ONEGRID_TEST_HEARTBEAT;
const started = Symbol.for('onegrid.test.heartbeat');
const scope = globalThis as { [started]?: boolean };

if (dir !== undefined && dir !== '' && scope[started] !== true) {
  scope[started] = true;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, String(process.pid));
  const beat = (): void => writeFileSync(file, String(Date.now()));
  beat();
  // Unref'd: the heartbeat never keeps a worker alive.
  setInterval(beat, 5_000).unref();
}
