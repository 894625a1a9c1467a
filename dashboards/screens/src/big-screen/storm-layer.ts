import type { GeoProjection } from 'd3-geo';
import type { Selection } from 'd3-selection';
import { line } from 'd3-shape';
import type { StormAdvisory, StormPoint, StormTrack } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { formatHm } from '../shared/format.ts';
import { advisoryTitle, latestAdvisory } from '../shared/storm.ts';
import type { ConeRadii } from './cone.ts';
import { coneCircles, type LonLat, offset, windCircleRing } from './storm-shapes.ts';

type G = Selection<SVGGElement, unknown, null, undefined>;
type Point = { lat: number; lon: number };

const CIRCLES = [
  ['r7', '7级风圈'],
  ['r10', '10级风圈'],
  ['r12', '12级风圈'],
] as const;

/**
 * The storm on the map. With an advisory: the observed track, the forecast track in its cone
 * of uncertainty (circles of 70% probability per lead time), the 7/10/12级 wind circles and a
 * legend naming the storm. Without one: the centre estimated from the stations, labelled as an
 * estimate (估计). An eye off the map is pinned to its edge, in its direction.
 */
export function createStormLayer(
  under: G,
  layer: G,
  projection: GeoProjection,
  size: { width: number; height: number },
  cone: ConeRadii,
): (store: ChannelStore) => void {
  const xy = (p: LonLat): [number, number] => projection(p) ?? [0, 0];
  const path = line<LonLat>()
    .x((p) => xy(p)[0])
    .y((p) => xy(p)[1]);
  const ll = (p: Point): LonLat => [p.lon, p.lat];
  // Pixels per km at a place (Mercator stretches with latitude).
  const pxPerKm = (c: LonLat): number => {
    const [, y0] = xy(c);
    const [, y1] = xy(offset(c[0], c[1], 0, 100));
    return Math.abs(y0 - y1) / 100;
  };
  const circlePath = (c: LonLat, km: number): string => {
    const [x, y] = xy(c);
    const r = km * pxPerKm(c);
    // Two arcs, always clockwise: with fill-rule nonzero, overlapping circles fill as one union.
    return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
  };
  const eyeAt = (p: Point): { xy: [number, number]; off: boolean } => {
    const [x, y] = xy(ll(p));
    const inset = 50;
    const cx = Math.min(size.width - inset, Math.max(inset, x));
    const cy = Math.min(size.height - inset, Math.max(inset, y));
    return { xy: [cx, cy], off: cx !== x || cy !== y };
  };

  const coneG = under.append('g').attr('class', 'cone');
  const windFill = under.append('g').attr('class', 'wind-fills');
  const coneMarks = layer.append('g').attr('class', 'cone-marks');
  const windG = layer.append('g').attr('class', 'wind-circles');
  const tracks = layer.append('g').attr('class', 'tracks');
  const eye = layer.append('g').attr('class', 'eye').attr('display', 'none');
  eye.append('circle').attr('r', 34).attr('class', 'eye-ring');
  eye.append('path').attr('class', 'eye-spiral').attr('d', spiralPath());
  const eyeLabel = eye.append('text').attr('class', 'eye-label').attr('dy', '0.35em');
  const legend = layer
    .append('g')
    .attr('class', 'storm-legend')
    .attr('transform', `translate(30,${size.height - 210})`);

  const drawEye = (p: Point, text: string) => {
    const at = eyeAt(p);
    const nearRight = at.xy[0] > size.width - 460;
    eye.attr('display', null).attr('transform', `translate(${at.xy})`).classed('offmap', at.off);
    eyeLabel
      .attr('x', nearRight ? -48 : 48)
      .attr('text-anchor', nearRight ? 'end' : 'start')
      .text(at.off ? `${text}（图外）` : text);
  };

  const lines = (data: { cls: string; points: LonLat[] }[]) =>
    tracks
      .selectAll<SVGPathElement, { cls: string; points: LonLat[] }>('path')
      .data(data, (d) => d.cls)
      .join('path')
      .attr('class', (d) => `track ${d.cls}`)
      .attr('d', (d) => path(d.points) ?? '');

  // What the layer last drew. The storm channel changes with every station-estimated point,
  // while an advisory comes once an hour or three: redrawing the cone, circles and legend for
  // nothing re-rasterises a third of a 4K screen in software (fps bench, 2026-12-06).
  let drawn = '';
  return (store) => {
    const advisory = latestAdvisory(store);
    const points = advisory === undefined ? (store.value<StormTrack>('storm', 'track')?.points ?? []) : [];
    const key = JSON.stringify(advisory ?? points);
    if (key === drawn) return;
    drawn = key;
    if (advisory === undefined) {
      lines(points.length > 1 ? [{ cls: 'estimated', points: points.map(ll) }] : []);
      for (const g of [coneG, coneMarks, windG, windFill]) g.selectAll('*').remove();
      legend.selectAll('*').remove();
      const last: StormPoint | undefined = points.at(-1);
      if (last === undefined) eye.attr('display', 'none');
      else drawEye(last, `台风中心（估计） ${Math.round(last.pressure_hpa)}百帕 ${formatHm(last.ts)}`);
      return;
    }
    const circles = coneCircles(advisory, cone);
    coneG
      .selectAll<SVGPathElement, string>('path.cone-area')
      .data(circles.length === 0 ? [] : [circles.map((c) => circlePath(c.center, c.radiusKm)).join('')])
      .join('path')
      .attr('class', 'cone-area')
      .attr('d', (d) => d);
    coneMarks
      .selectAll<SVGPathElement, (typeof circles)[number]>('path.cone-mark')
      .data(circles.filter((c) => c.marked))
      .join('path')
      .attr('class', 'cone-mark')
      .attr('d', (c) => circlePath(c.center, c.radiusKm));
    const rings = CIRCLES.flatMap(([key]) => {
      const r = advisory.radii_km[key];
      return r === undefined ? [] : [{ key, ring: windCircleRing(advisory.lon, advisory.lat, r) }];
    });
    for (const g of [windFill, windG]) {
      g.selectAll<SVGPathElement, (typeof rings)[number]>('path')
        .data(rings, (d) => d.key)
        .join('path')
        .attr('class', (d) => `wind-${d.key}`)
        .attr('d', (d) => `${path(d.ring) ?? ''}Z`);
    }
    lines([
      { cls: 'observed', points: [...advisory.observed.map(ll), ll(advisory)] },
      { cls: 'forecast', points: [ll(advisory), ...advisory.forecast.map(ll)] },
    ]);
    tracks
      .selectAll<SVGCircleElement, LonLat>('circle.forecast-point')
      .data(advisory.forecast.map(ll))
      .join('circle')
      .attr('class', 'forecast-point')
      .attr('r', 7)
      .attr('cx', (p) => xy(p)[0])
      .attr('cy', (p) => xy(p)[1]);
    drawEye(advisory, `${advisory.name_zh || advisory.storm_id} ${formatHm(advisory.ts)}`);
    drawLegend(legend, advisory, cone);
  };
}

function drawLegend(legend: G, a: StormAdvisory, cone: ConeRadii): void {
  const rows = [
    { cls: 'observed', text: '实况路径' },
    { cls: 'forecast', text: `预报路径 · ${formatHm(a.ts)}发布` },
    { cls: 'cone', text: `70%概率圈 ${cone.leadsH.map((h, i) => `${h}h ${cone.radiiKm[i]}km`).join(' / ')}` },
    ...CIRCLES.filter(([key]) => a.radii_km[key] !== undefined).map(([key, text]) => ({
      cls: `wind-${key}`,
      text,
    })),
  ];
  legend.selectAll('*').remove();
  // No backdrop: the lower left is mostly Zhejiang and the sea, and a box would hide 金山's
  // label; the text's dark halo keeps it readable over the districts it crosses.
  legend.append('text').attr('class', 'legend-title storm-name').text(advisoryTitle(a));
  const items = legend
    .selectAll('g.li')
    .data(rows)
    .join('g')
    .attr('class', 'li')
    .attr('transform', (_, i) => `translate(0,${14 + i * 30})`);
  items
    .append('path')
    .attr('class', (d) => `key ${d.cls}`)
    .attr('d', (d) => (d.cls === 'observed' || d.cls === 'forecast' ? 'M0,14H44' : 'M2,4h40v20h-40Z'));
  items
    .append('text')
    .attr('x', 56)
    .attr('y', 22)
    .text((d) => d.text);
}

function spiralPath(): string {
  // Two arms of a typhoon symbol (the 台风 sign of weather maps).
  return 'M0,-22 A22,22 0 0 1 22,0 M0,22 A22,22 0 0 1 -22,0 M-10,0 A10,10 0 1 0 10,0 A10,10 0 1 0 -10,0';
}
