// Where the utility detector's heap goes, by V8 object type and constructor (issue 17):
//   node --expose-gc packages/analytics/bench/heap-by-type.ts [households=256] [days=17]
// Feeds a detector as household-heap.ts does, takes a heap snapshot, and prints the self sizes
// of the node types and constructors whose count grew by at least one per household, per household
// (a snapshot before the detector is taken off).
import { getHeapSnapshot } from 'node:v8';
import { UtilityDetector } from '../src/utility/index.ts';
import { feedQuarter, info, registers } from './synthetic-city.ts';

const households = Number(process.argv[2] ?? 256);
const days = Number(process.argv[3] ?? 17);

async function byType(): Promise<Map<string, { count: number; bytes: number }>> {
  (globalThis as { gc?: () => void }).gc?.();
  const chunks: string[] = [];
  for await (const c of getHeapSnapshot()) chunks.push(String(c));
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const by = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType] as number] as string;
    const name =
      type === 'object' || type === 'native' ? (snap.strings[snap.nodes[i + iName] as number] as string) : '';
    const key = `${type}${name ? `:${name.slice(0, 40)}` : ''}`;
    const e = by.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += snap.nodes[i + iSize] as number;
    by.set(key, e);
  }
  return by;
}

const before = await byType();
const detector = new UtilityDetector({}, { household: info });
const at = registers(households);
for (let q = 0; q < days * 96; q++) feedQuarter(detector, at, q);
const after = await byType();
for (const [k, e] of before) {
  const a = after.get(k);
  if (a) {
    a.count -= e.count;
    a.bytes -= e.bytes;
  }
}
const rows = [...after.entries()]
  .filter(([, e]) => e.count >= households)
  .sort((a, b) => b[1].bytes - a[1].bytes)
  .slice(0, 30)
  .map(
    ([k, e]) =>
      `${k.padEnd(50)} ${(e.count / households).toFixed(1).padStart(8)} /hh ${Math.round(e.bytes / households)
        .toString()
        .padStart(7)} B/hh`,
  );
console.log(`${households} households × ${days} days; stats ${JSON.stringify(detector.stats())}`);
console.log(rows.join('\n'));
