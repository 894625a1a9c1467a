// Reads a CPU profile (`pipeline-throughput.ts --profile FILE`, or node's --cpu-prof) by self
// time and by subtree (total: a function's samples and its callees', counted once per sample even
// when it recurses), as shares of the busy samples (idle and the profiler's own excluded).
//   node packages/processors/bench/read-profile.ts FILE [--top 25] [--files]
// --files: self time grouped by source file instead of by function. A heap profile
// (`--heap-profile FILE`) is read as bytes allocated by site; `--readings N` divides them.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    files: { type: 'boolean', default: false },
    callers: { type: 'string' },
    under: { type: 'string' },
    readings: { type: 'string' },
  },
});
const file = positionals[0];
if (file === undefined) throw new Error('usage: read-profile.ts FILE [--top N] [--files]');
const parsed = JSON.parse(await readFile(file, 'utf8')) as Profile | HeapProfile;
const TOP = Number(flags.top);

interface HeapNode {
  readonly callFrame: ProfileNode['callFrame'];
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}
interface HeapProfile {
  readonly head: HeapNode;
}

/**
 * A sampling heap profile (`--heap-profile`): bytes allocated by site, in all and per reading
 * with `--readings N` (the samples' sizes, scaled by V8 to estimate every allocation).
 */
function heapBySite(heap: HeapProfile): void {
  const sites = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode) => {
    if (n.selfSize > 0) {
      const k = label(n as unknown as ProfileNode);
      sites.set(k, (sites.get(k) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children) walk(c);
  };
  walk(heap.head);
  const readings = Number(flags.readings ?? 0);
  const per = (b: number) => (readings > 0 ? ` = ${(b / readings).toFixed(0)} B per reading` : '');
  console.log(`${(total / 2 ** 20).toFixed(1)} MiB allocated${per(total)}`);
  for (const [k, v] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`${(v / 2 ** 20).toFixed(1).padStart(7)} MiB${per(v)}  ${k}`);
}

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/packages\//, '');
const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
if ('head' in parsed) {
  heapBySite(parsed);
  process.exit(0);
}
const profile = parsed;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const IDLE = new Set(['(idle)', '(program)']);
const isIdle = (n: ProfileNode) =>
  IDLE.has(n.callFrame.functionName) ||
  n.callFrame.functionName === 'post' ||
  n.callFrame.url.includes('inspector');

const self = new Map<string, number>();
const total = new Map<string, number>();
let busy = 0;
for (const id of profile.samples) {
  const node = byId.get(id);
  if (node === undefined || isIdle(node)) continue;
  busy++;
  const key = flags.files ? short(node.callFrame.url) || node.callFrame.functionName : label(node);
  self.set(key, (self.get(key) ?? 0) + 1);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    if (n === undefined) break;
    const k = label(n);
    if (!seen.has(k)) {
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + 1);
    }
  }
}
const pct = (n: number) => `${((100 * n) / busy).toFixed(1).padStart(5)} %`;
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(v)}  ${k}`);
};
console.log(`${busy} busy samples of ${profile.samples.length}`);
print(flags.files ? 'self time by file' : 'self time', self);
if (!flags.files) print('subtree (total) time', total);

// --callers NAME: whose calls a function's self time came from (its parent frames, two deep).
if (flags.callers !== undefined) {
  const callers = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (node === undefined || !label(node).startsWith(flags.callers)) continue;
    const p1 = byId.get(parent.get(id) ?? -1);
    const p2 = p1 === undefined ? undefined : byId.get(parent.get(p1.id) ?? -1);
    const k = `${p1 === undefined ? '-' : label(p1)} ← ${p2 === undefined ? '-' : label(p2)}`;
    callers.set(k, (callers.get(k) ?? 0) + 1);
  }
  print(`callers of ${flags.callers}`, callers);
}

// --under NAME: self time of the functions running beneath a function (its subtree, by self time).
if (flags.under !== undefined) {
  const under = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (node === undefined) continue;
    for (let at: number | undefined = parent.get(id); at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (n !== undefined && label(n).startsWith(flags.under)) {
        under.set(label(node), (under.get(label(node)) ?? 0) + 1);
        break;
      }
    }
  }
  print(`beneath ${flags.under}`, under);
}
