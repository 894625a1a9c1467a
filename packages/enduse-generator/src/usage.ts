/**
 * The Python models' output: per household and quarter hour, litres of water and watt-hours of
 * electricity, plus each household's type and the planted incidents, trips and running taps.
 * `loadUsage` runs the models once per (options, model code) and caches the result under
 * .onegrid/enduse-cache/, so a replay or a second scoring run does not simulate again.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EnduseConfig } from './config.ts';
import { EnduseError } from './errors.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PYTHON_DIR = path.resolve(import.meta.dirname, '../python');

const minute = z.int();
export const usageMetaSchema = z.object({
  seed: z.int(),
  households: z.int().min(1),
  days: z.int(),
  warmup_days: z.int(),
  quarters: z.int().min(96),
  models: z.record(z.string(), z.string()),
  household_specs: z.array(
    z.object({
      index: z.int(),
      house_type: z.string(),
      ages: z.array(z.string()),
      persons: z.int().min(1).max(8),
      population: z.string(),
      appliances: z.array(z.string()),
    }),
  ),
  trips: z.record(z.string(), z.array(z.tuple([minute, minute]))),
  incidents: z.record(z.string(), z.object({ target: minute, onset: minute.nullable() })),
  taps: z.record(z.string(), z.tuple([minute, minute, z.number().positive()])),
  seconds: z.number(),
  /** CPU time of the models, all worker processes together. */
  cpu_seconds: z.number(),
});

export type UsageMeta = z.output<typeof usageMetaSchema>;

export interface Usage {
  meta: UsageMeta;
  /** Litres per household and quarter: `water[h * quarters + q]`. */
  water: Float32Array;
  /** Watt-hours per household and quarter. */
  power: Float32Array;
}

/** The venv `./onegrid setup` builds (packages/enduse-generator/setup.sh). */
export const pythonPath = (): string =>
  process.env.ONEGRID_ENDUSE_PYTHON ?? path.join(ROOT, '.onegrid/enduse-venv/bin/python');

const cacheRoot = (): string => process.env.ONEGRID_ENDUSE_CACHE ?? path.join(ROOT, '.onegrid/enduse-cache');

/**
 * Code whose output is proven the same bytes as earlier code's: its cache directories stay valid.
 * The fast path (fast_power.py, fast_water.py, mt_stream.py) replaced the libraries' own day
 * functions with output identical to main 171894a's (models.test.ts: the reference path and the
 * fast one write the same bytes, pinned to 171894a's digests; speedcheck.py: each day function
 * bit for bit), so 171894a's caches (seeds 21–27 at 700 households…) are read, not re-simulated.
 * Any later edit of the Python sources changes the hash and leaves this table behind.
 */
const SAME_OUTPUT_AS: Readonly<Record<string, string>> = { fd889cad9978: '73be95bdffda' };

/** A hash of the Python sources and pins: changing the model code invalidates the cache. */
export function codeHash(): string {
  const hash = createHash('sha256');
  const dir = path.join(PYTHON_DIR, 'onegrid_enduse');
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.py'))
    .sort())
    hash.update(f).update(readFileSync(path.join(dir, f)));
  hash.update(readFileSync(path.join(PYTHON_DIR, 'requirements.txt')));
  return hash.digest('hex').slice(0, 12);
}

function pythonArgs(config: EnduseConfig, warmupDays: number): string[] {
  const { incident, travel, waterRunning } = config.plant;
  return [
    '--seed',
    String(config.seed),
    '--households',
    String(config.households),
    '--days',
    String(config.days),
    '--warmup-days',
    String(warmupDays),
    '--start',
    config.start.slice(0, 10),
    '--plant',
    `incident=${incident},travel=${travel},waterRunning=${waterRunning}`,
  ];
}

/** Where `config`'s output is (or will be) cached: by this code's hash, or an equivalent one's. */
export function cacheDir(config: EnduseConfig, sameOutputAs = SAME_OUTPUT_AS): string {
  const args = pythonArgs(config, config.warmupDays).join(' ');
  const key = createHash('sha256').update(args).digest('hex').slice(0, 16);
  const dir = (hash: string) =>
    path.join(cacheRoot(), `s${config.seed}-n${config.households}-${key}-${hash}`);
  const hash = codeHash();
  const earlier = sameOutputAs[hash];
  if (
    earlier !== undefined &&
    !existsSync(path.join(dir(hash), 'done')) &&
    existsSync(path.join(dir(earlier), 'done'))
  )
    return dir(earlier);
  return dir(hash);
}

/** Runs the models for `config` unless cached, and loads their output. */
export async function loadUsage(
  config: EnduseConfig,
  options: { workers?: number; onProgress?: (line: string) => void } = {},
): Promise<Usage> {
  const dir = cacheDir(config);
  if (!existsSync(path.join(dir, 'done'))) {
    const python = pythonPath();
    if (!existsSync(python))
      throw new EnduseError('PYTHON_FAILED', `no Python venv at ${python}: run ./onegrid setup`);
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const args = ['-m', 'onegrid_enduse', ...pythonArgs(config, config.warmupDays), '--out', tmp];
    if (options.workers !== undefined) args.push('--workers', String(options.workers));
    const failure = await runPython(python, args, options.onProgress);
    if (failure !== null) {
      rmSync(tmp, { recursive: true, force: true });
      throw new EnduseError(
        'PYTHON_FAILED',
        `the Python models failed (${python} ${args.join(' ')}): ${failure}`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  }
  return readUsage(dir, config);
}

/** Runs the models; resolves null on success, else the exit status and the end of stderr. */
function runPython(
  python: string,
  args: string[],
  onProgress?: (line: string) => void,
): Promise<string | null> {
  const child = spawn(python, args, {
    env: { ...process.env, PYTHONPATH: PYTHON_DIR, MPLBACKEND: 'Agg', PYTHONWARNINGS: 'ignore' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
    for (const line of chunk.split('\n')) if (line.trim() !== '') onProgress?.(line.trim());
  });
  return new Promise((resolve) => {
    child.on('error', (e) => resolve(String(e)));
    child.on('close', (code, signal) => resolve(code === 0 ? null : `exit ${code ?? signal}: ${tail}`));
  });
}

/**
 * Reads a finished output directory, checking it is the run `config` asks for and holds only what
 * the feed can use: a household index out of range would be read as `undefined` far from here,
 * and a NaN or negative quarter would turn a cumulative register into garbage on the wire. A bad
 * directory stays cached, so the error names it (delete it to run the models again).
 */
export function readUsage(dir: string, config: EnduseConfig): Usage {
  const bad = (what: string, cause?: unknown) =>
    new EnduseError('BAD_MODEL_OUTPUT', `${dir} (delete it to run the models again): ${what}`, { cause });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  } catch (error) {
    throw bad('meta.json unreadable', error);
  }
  const parsed = usageMetaSchema.safeParse(json);
  if (!parsed.success) throw bad(`meta.json: ${parsed.error.message}`);
  const meta = parsed.data;
  const quarters = (config.days + config.warmupDays) * 96;
  if (meta.households !== config.households || meta.quarters !== quarters || meta.seed !== config.seed)
    throw bad('another run than the options ask for');
  if (meta.household_specs.length !== meta.households)
    throw bad(`${meta.household_specs.length} household specs for ${meta.households} households`);
  const minutes = quarters * 15;
  const inRange = (key: string, ...at: number[]) =>
    /^\d+$/.test(key) && Number(key) < meta.households && at.every((m) => m >= 0 && m <= minutes);
  for (const [key, trips] of Object.entries(meta.trips))
    if (!trips.every(([from, to]) => inRange(key, from, to))) throw bad(`trip of household "${key}"`);
  for (const [key, { target, onset }] of Object.entries(meta.incidents))
    if (!inRange(key, target, onset ?? 0)) throw bad(`incident of household "${key}"`);
  for (const [key, [from, to]] of Object.entries(meta.taps))
    if (!inRange(key, from, to)) throw bad(`tap of household "${key}"`);
  const floats = (name: string) => {
    const bytes = readFileSync(path.join(dir, name));
    if (bytes.byteLength !== meta.households * quarters * 4) throw bad(`${name}: ${bytes.byteLength} bytes`);
    // An aligned copy in one memcpy (Uint8Array.from walked it byte by byte).
    const values = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    const at = values.findIndex((v) => !(v >= 0 && v < Number.POSITIVE_INFINITY));
    if (at !== -1) throw bad(`${name}: ${values[at]} at household ${Math.floor(at / quarters)}`);
    return values;
  };
  return { meta, water: floats('water.f32'), power: floats('power.f32') };
}
