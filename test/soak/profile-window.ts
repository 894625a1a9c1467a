// Where a process's CPU went in one window of a soak: the self time of a V8 `--cpu-prof` profile
// (the server's, a processor's: ONEGRID_SOAK_SERVER_NODE_OPTIONS, ONEGRID_SOAK_PROCESSORS_NODE_OPTIONS)
// between two wall-clock instants, by function and by package. A profile's clock is monotonic
// and starts with the process: `--started` (the wall-clock ms of the process's first log line)
// puts it on the soak's timeline, so the window can be the soak's first minute.
//
//   node test/soak/profile-window.ts --profile <file.cpuprofile> --started <ms> --from <ms> --to <ms> [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface WindowCpu {
  /** Wall ms the window covers in the profile. */
  readonly wallMs: number;
  /** Samples taken in it (a starved process takes fewer than one per ms). */
  readonly samples: number;
  /** ms of self time per function (`name url:line`) and per package, idle and GC apart. */
  readonly byFunction: [string, number][];
  readonly byPackage: [string, number][];
  /** ms of total time (self and callees) per onegrid function: what a code path costs in all. */
  readonly inclusive: [string, number][];
}

/** Self time per function and per package between `fromMs` and `toMs` after the profile's start. */
export function windowCpu(profile: Profile, fromMs: number, toMs: number): WindowCpu {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let t = 0; // µs since the profile's start
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    const ms = t / 1000;
    if (ms < fromMs || ms >= toMs) continue;
    samples++;
    // The sample's time is the gap to the next sample: where the process was until then.
    const next = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i] ?? -1);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + next);
    const p = packageOf(functionName, url);
    pkg.set(p, (pkg.get(p) ?? 0) + next);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame === undefined || !frame.url.includes('/packages/') || frame.url.includes('node_modules'))
        continue;
      const key = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + next);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    wallMs: toMs - fromMs,
    samples,
    byFunction: sorted(fn),
    byPackage: sorted(pkg),
    inclusive: sorted(incl),
  };
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
  const pk = url.indexOf('/packages/');
  return pk >= 0 ? url.slice(pk + 1) : url.replace(/^file:\/\//, '');
}

function packageOf(functionName: string, url: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const pk = /\/packages\/([^/]+)\//.exec(url);
  return pk ? `@onegrid/${pk[1]}` : url;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      started: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      top: { type: 'string', default: '25' },
    },
  });
  if (
    values.profile === undefined ||
    values.started === undefined ||
    values.from === undefined ||
    values.to === undefined
  ) {
    console.error(
      'usage: node test/soak/profile-window.ts --profile <file> --started <ms> --from <ms> --to <ms> [--top 25]',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(values.profile, 'utf8')) as Profile;
  const started = Number(values.started);
  const result = windowCpu(profile, Number(values.from) - started, Number(values.to) - started);
  const top = Number(values.top);
  const busy = result.byPackage.filter(([p]) => p !== '(idle)').reduce((s, [, ms]) => s + ms, 0);
  console.log(
    `window ${(result.wallMs / 1000).toFixed(1)} s: ${result.samples} samples (${((result.samples * 1000) / result.wallMs).toFixed(0)}/s), not idle ${(busy / 1000).toFixed(1)} s`,
  );
  console.log('by package (ms):');
  for (const [p, ms] of result.byPackage.slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${p}`);
  console.log('by function, self (ms):');
  for (const [f, ms] of result.byFunction.slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${f}`);
  console.log("onegrid's functions, total (self and callees, ms):");
  for (const [f, ms] of result.inclusive.slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)}  ${f}`);
}
