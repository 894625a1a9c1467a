// Where the utility detector's array buffers go, by owner (issue 17):
//   node --expose-gc packages/analytics/bench/heap-by-owner.ts [households=4092] [hours=3] [templates=64]
// Builds a detector as household-heap-restored.ts does (templates fed 17 days, every household
// restored from one's snapshot, then `hours` fed), takes a heap snapshot, and attributes each
// array buffer's backing store to the typed array viewing it and that view's holder (constructor
// and field), per household. 4,092 households fill the slabs' chunks (4, 8, … 1,024, 1,024,
// 1,024), so a chunk's slack does not show as a household's. heap-by-type.ts gives the objects.
import { getHeapSnapshot } from 'node:v8';
import { UtilityDetector } from '../src/utility/index.ts';
import { feedQuarter, id, info, registers } from './synthetic-city.ts';

const households = Number(process.argv[2] ?? 4092);
const hours = Number(process.argv[3] ?? 3);
const templates = Number(process.argv[4] ?? 64);
const END = 17 * 96;

const template = new UtilityDetector({}, { household: info });
const t = registers(templates);
for (let q = 0; q < END; q++) feedQuarter(template, t, q);
const snapshots = Array.from(
  { length: templates },
  (_, k) => template.snapshot(`HH-${id(k)}`)?.bytes as Uint8Array,
);
const detector = new UtilityDetector({}, { household: info });
for (let h = 0; h < households; h++)
  detector.seedSnapshot(`HH-${id(h)}`, snapshots[h % templates] as Uint8Array, []);
const at = registers(households);
for (let q = END; q < END + hours * 4; q++) feedQuarter(detector, at, q);
(globalThis as { gc?: () => void }).gc?.();

const chunks: string[] = [];
for await (const c of getHeapSnapshot()) chunks.push(String(c));
const snap = JSON.parse(chunks.join('')) as {
  snapshot: {
    meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
};
const { meta } = snap.snapshot;
const nw = meta.node_fields.length;
const ew = meta.edge_fields.length;
const [nType, nName, nSize, nEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) =>
  meta.node_fields.indexOf(f),
) as number[];
const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) =>
  meta.edge_fields.indexOf(f),
) as number[];
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const count = snap.nodes.length / nw;
const node = (i: number): number => snap.nodes[i] as number;
const edge = (i: number): number => snap.edges[i] as number;
const str = (i: number): string => snap.strings[i] as string;
const name = (n: number): string => str(node(n * nw + (nName as number)));
const type = (n: number): string => nodeTypes[node(n * nw + (nType as number))] as string;
// Retainers: for each node, (from, edge label).
const retainers: Array<Array<[number, string]>> = Array.from({ length: count }, () => []);
let e = 0;
for (let n = 0; n < count; n++) {
  const k = node(n * nw + (nEdges as number));
  for (let i = 0; i < k; i++, e += ew) {
    const et = edgeTypes[edge(e + (eType as number))] as string;
    if (et === 'weak' || et === 'shortcut') continue;
    const to = edge(e + (eTo as number)) / nw;
    const label =
      et === 'element' || et === 'hidden'
        ? `[${edge(e + (eName as number))}]`
        : str(edge(e + (eName as number)));
    (retainers[to] as Array<[number, string]>).push([n, label]);
  }
}
const by = new Map<string, { count: number; bytes: number }>();
const TYPED = /^(Float64|Float32|Int32|Uint32|Int16|Uint16|Int8|Uint8|Uint8Clamped|BigInt64|BigUint64)Array$/;
for (let n = 0; n < count; n++) {
  if (type(n) !== 'native' || !name(n).includes('JSArrayBufferData')) continue;
  const size = node(n * nw + (nSize as number));
  // backing store ← ArrayBuffer ← typed array ← holder.property
  let owner = '?';
  for (const [buf] of retainers[n] ?? []) {
    if (name(buf) !== 'ArrayBuffer') continue;
    const views = (retainers[buf] ?? []).filter(([v]) => TYPED.test(name(v)));
    const view = views[0];
    if (!view) {
      owner = `ArrayBuffer ← ${(retainers[buf] ?? []).map(([h, l]) => `${name(h)}.${l}`).join(',')}`;
      break;
    }
    const holders = (retainers[view[0]] ?? []).filter(([h]) => type(h) === 'object' && !TYPED.test(name(h)));
    owner = `${name(view[0])} ← ${holders
      .map(([h, l]) => `${name(h)}.${l}`)
      .slice(0, 2)
      .join(',')}`;
    break;
  }
  const x = by.get(owner) ?? { count: 0, bytes: 0 };
  x.count++;
  x.bytes += size;
  by.set(owner, x);
}
const rows = [...by.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
let total = 0;
for (const [, x] of rows) total += x.bytes;
console.log(
  `${households} households restored, ${hours} h fed; array buffers ${Math.round(total / households)} B/hh`,
);
for (const [k, x] of rows.slice(0, 40))
  console.log(
    `${k.slice(0, 70).padEnd(72)} ${String(x.count).padStart(6)} ${(x.bytes / households).toFixed(1).padStart(8)} B/hh`,
  );
