import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonPath } from './usage.ts';

const PYTHON_DIR = path.resolve(import.meta.dirname, '../python');
const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  PYTHONPATH: PYTHON_DIR,
  MPLBACKEND: 'Agg',
  PYTHONWARNINGS: 'ignore',
  ...extra,
});
const run = (args: string[], extra: Record<string, string> = {}) =>
  promisify(execFile)(pythonPath(), ['-W', 'ignore', '-m', ...args], { env: env(extra) });

describe('enduse > the numpy shortcuts', () => {
  it("draw what pysimdeum's own Presence, pdf and chooser draw, seed for seed", async () => {
    const { stdout } = await run(['onegrid_enduse.selfcheck', '8']);
    const result = JSON.parse(stdout) as { compared: number; differed: number };
    expect(result.compared).toBeGreaterThan(80);
    expect(result.differed).toBe(0);
  }, 60_000);

  it("give the libraries' own appliance, lighting and end-use days, bit for bit", async () => {
    const { stdout } = await run(['onegrid_enduse.speedcheck', '12']);
    const result = JSON.parse(stdout) as { compared: number; differed: number };
    expect(result.compared).toBe(72);
    expect(result.differed).toBe(0);
  }, 120_000);
});

describe('enduse > the fast path', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  // Incidents, trips and a running tap planted, so every branch of a day runs.
  const args = (out: string) => [
    'onegrid_enduse',
    ...['--seed', '7', '--households', '12', '--days', '2', '--warmup-days', '1'],
    ...['--start', '2026-11-02', '--plant', 'incident=3000,travel=3000,waterRunning=2000'],
    ...['--workers', '1', '--out', out],
  ];
  const output = async (reference: boolean) => {
    const out = mkdtempSync(path.join(tmpdir(), 'onegrid-enduse-identity-'));
    dirs.push(out);
    await run(args(out), reference ? { ONEGRID_ENDUSE_REFERENCE: '1' } : {});
    const meta = JSON.parse(readFileSync(path.join(out, 'meta.json'), 'utf8')) as Record<string, unknown>;
    delete meta.seconds;
    delete meta.cpu_seconds;
    const digest = (name: string) =>
      createHash('sha256')
        .update(readFileSync(path.join(out, name)))
        .digest('hex');
    return { meta, water: digest('water.f32'), power: digest('power.f32') };
  };

  it("writes main's bytes: the libraries' own day functions and the fast ones, same seed", async () => {
    const [reference, fast] = await Promise.all([output(true), output(false)]);
    expect(Object.keys(reference.meta.incidents as object)).toHaveLength(3);
    expect(fast).toEqual(reference);
    // What main 171894a's code wrote for these options (pinned numpy / pandas / libraries).
    expect(fast.water).toBe('063bd8bcae32b689fd89d64540671f6e002df292a40d04d81f004f0c159b84bf');
    expect(fast.power).toBe('250563e3fc7e4f7402c6094d04351e91b1224d4962081925fac1f104f1c37bdd');
  }, 180_000);
});
