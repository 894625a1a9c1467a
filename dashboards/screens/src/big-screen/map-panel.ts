import type { RiskLevel } from '@onegrid/contracts';
import { geoMercator, geoPath } from 'd3-geo';
import { scaleLinear, scaleSqrt } from 'd3-scale';
import { select } from 'd3-selection';
import 'd3-transition';
import type { GaugeValue, RiskValue, ShelterValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { riskLevelColour, riskLevelLabel, riskLevels } from '../shared/labels.ts';
import { VersionGate } from '../shared/version-gate.ts';
import type { ConeRadii } from './cone.ts';
import { type DistrictFeature, districtFeatures } from './districts.ts';
import { occupancyColour } from './occupancy.ts';
import { createStormLayer } from './storm-layer.ts';

const GAUGE_H = 44;
const GAUGE_W = 14;
const MIN_LABEL_AREA = 6_000;

const shortName = (name: string): string => name.replace(/新区$|区$/, '');

const gaugeColour: Readonly<Record<string, string>> = {
  normal: '#3fd0ff',
  warning: '#ff9d1f',
  guarantee: '#ff3b3b',
};

/**
 * The city map: districts coloured by typhoon risk level, gauges as small level bars against
 * their warning and guaranteed marks, shelters sized by capacity and coloured by occupancy,
 * and the storm (storm-layer.ts). Each layer is a keyed join redrawn only when its channel changed.
 */
export function createMapPanel(host: HTMLElement, store: ChannelStore, cone: ConeRadii): () => void {
  const width = host.clientWidth;
  const height = host.clientHeight;
  const svg = select(host).append('svg').attr('class', 'map').attr('viewBox', `0 0 ${width} ${height}`);
  const collection = { type: 'FeatureCollection' as const, features: districtFeatures as DistrictFeature[] };
  const projection = geoMercator().fitExtent(
    [
      [30, 30],
      [width - 30, height - 30],
    ],
    collection,
  );
  const path = geoPath(projection);

  const stormUnder = svg.append('g').attr('class', 'storm-under');
  const districtLayer = svg.append('g').attr('class', 'districts');
  const trackLayer = svg.append('g').attr('class', 'storm');
  const shelterLayer = svg.append('g').attr('class', 'shelters');
  const gaugeLayer = svg.append('g').attr('class', 'gauges');
  const labelLayer = svg.append('g').attr('class', 'district-labels');
  drawLegend(svg);

  const districts = districtLayer
    .selectAll<SVGPathElement, DistrictFeature>('path')
    .data(districtFeatures, (d) => d.properties.code)
    .join('path')
    .attr('d', (d) => path(d as never) ?? '')
    .attr('data-district', (d) => d.properties.code)
    .attr('fill', riskLevelColour.none);

  // The seven small central districts would print over each other: the ranking beside the
  // map names them, the map shows their colour.
  const labelled = districtFeatures.filter((d) => path.area(d as never) >= MIN_LABEL_AREA);
  const labels = labelLayer
    .selectAll<SVGTextElement, DistrictFeature>('text')
    .data(labelled, (d) => d.properties.code)
    .join('text')
    .attr(
      'transform',
      (d) => `translate(${projection([d.properties.center[0], d.properties.center[1]]) ?? [0, 0]})`,
    )
    .attr('text-anchor', 'middle');
  labels
    .append('tspan')
    .attr('class', 'dl-name')
    .text((d) => shortName(d.properties.name));
  const scores = labels.append('tspan').attr('class', 'dl-score').attr('x', 0).attr('dy', '1.1em');

  const gate = new VersionGate(store);
  const drawStorm = createStormLayer(stormUnder, trackLayer, projection, { width, height }, cone);
  const capacityRadius = scaleSqrt().domain([0, 3000]).range([4, 14]).clamp(true);
  return () => {
    if (gate.changed('risk')) {
      const risk = new Map(store.values<RiskValue>('risk').map((r) => [r.district, r]));
      const level = (code: string): RiskLevel => risk.get(code)?.level ?? 'none';
      districts
        .filter(function (d) {
          return this.dataset.level !== level(d.properties.code);
        })
        .each(function (d) {
          this.dataset.level = level(d.properties.code);
        })
        .transition()
        .duration(800)
        .attr('fill', (d) => riskLevelColour[level(d.properties.code)]);
      scores.text((d) => {
        const r = risk.get(d.properties.code);
        return r === undefined ? '' : `${Math.round(r.score)}`;
      });
    }

    if (gate.changed('evacuation')) {
      const shelters = store
        .values<ShelterValue | { shelter_id?: undefined }>('evacuation')
        .filter((v): v is ShelterValue => typeof (v as ShelterValue).shelter_id === 'string');
      shelterLayer
        .selectAll<SVGCircleElement, ShelterValue>('circle')
        .data(shelters, (d) => d.shelter_id)
        .join((enter) =>
          enter
            .append('circle')
            .attr('cx', (d) => projection([d.lon, d.lat])?.[0] ?? -99)
            .attr('cy', (d) => projection([d.lon, d.lat])?.[1] ?? -99),
        )
        .attr('r', (d) => capacityRadius(d.capacity))
        .attr('fill', (d) => occupancyColour(d.capacity > 0 ? d.occupancy / d.capacity : 0));
    }

    if (gate.changed('gauges')) {
      const gauges = store.values<GaugeValue>('gauges');
      gaugeLayer
        .selectAll<SVGGElement, GaugeValue>('g.gauge')
        .data(gauges, (d) => d.gauge_id)
        .join((enter) => {
          const g = enter
            .append('g')
            .attr('class', 'gauge')
            .attr('transform', (d) => {
              const [x, y] = projection([d.lon, d.lat]) ?? [-99, -99];
              return `translate(${x - GAUGE_W / 2},${y - GAUGE_H})`;
            });
          g.append('rect').attr('class', 'g-bg').attr('width', GAUGE_W).attr('height', GAUGE_H);
          g.append('rect').attr('class', 'g-fill').attr('width', GAUGE_W);
          g.append('line')
            .attr('class', 'g-warn')
            .attr('x1', -4)
            .attr('x2', GAUGE_W + 4);
          return g;
        })
        .each(function (d) {
          // The bar's full height is the guaranteed level; the tick marks the warning level.
          const scale = scaleLinear().domain([0, d.guarantee_level_m]).range([GAUGE_H, 0]).clamp(true);
          const node = select(this);
          const y = scale(d.level_m);
          node
            .select('.g-fill')
            .attr('y', y)
            .attr('height', GAUGE_H - y)
            .attr('fill', gaugeColour[d.status] ?? '#3fd0ff');
          node.select('.g-warn').attr('y1', scale(d.warning_level_m)).attr('y2', scale(d.warning_level_m));
          node.classed('alarm', d.status !== 'normal');
        });
    }

    if (gate.changed('storm')) drawStorm(store);
  };
}

function drawLegend(svg: ReturnType<typeof select<SVGSVGElement, unknown>>): void {
  // Top left: open sea and Jiangsu on Shanghai's map, so nothing of the city is covered.
  const legend = svg.append('g').attr('class', 'legend').attr('transform', 'translate(30,50)');
  legend.append('text').attr('class', 'legend-title').text('台风风险等级');
  const items = legend
    .selectAll('g.li')
    .data([...riskLevels].reverse())
    .join('g')
    .attr('class', 'li')
    .attr('transform', (_, i) => `translate(0,${24 + i * 40})`);
  items
    .append('rect')
    .attr('width', 44)
    .attr('height', 28)
    .attr('rx', 4)
    .attr('fill', (d) => riskLevelColour[d]);
  items
    .append('text')
    .attr('x', 56)
    .attr('y', 22)
    .text((d) => riskLevelLabel[d]);
  const other = legend.append('g').attr('transform', 'translate(0,240)');
  other.append('circle').attr('cx', 14).attr('cy', 14).attr('r', 11).attr('fill', occupancyColour(0.5));
  other.append('text').attr('x', 40).attr('y', 22).text('安置点（色=入住率）');
  const g = other.append('g').attr('transform', 'translate(7,48)');
  g.append('rect').attr('class', 'g-bg').attr('width', GAUGE_W).attr('height', 34);
  g.append('rect')
    .attr('fill', gaugeColour.warning ?? '')
    .attr('y', 12)
    .attr('width', GAUGE_W)
    .attr('height', 22);
  other.append('text').attr('x', 40).attr('y', 78).text('水位站（满格=保证水位）');
}
