import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import type { KpiSummary } from './aggregate.ts';

const H = 520;
const M = { left: 110, right: 110, top: 70, bottom: 56 };

const SERIES = [
  { key: 'on_time_rate', label: '按时办结率', colour: '#2ecc71' },
  { key: 'satisfaction_rate', label: '满意率', colour: '#ffd21f' },
  { key: 'resolution_rate', label: '办结率', colour: '#3fd0ff' },
] as const;

/**
 * A trend over days or weeks: reported tickets as bars (left axis), and on-time, satisfaction
 * and resolution rates as lines (right axis, 0-100%). Nodes are joined by bucket, series by key.
 */
export function createTrendChart(host: HTMLElement, label: (bucketIso: string) => string) {
  const width = host.clientWidth;
  const svg = select(host).append('svg').attr('class', 'trend').attr('viewBox', `0 0 ${width} ${H}`);
  const legend = svg.append('g').attr('class', 'tr-legend').attr('transform', `translate(${M.left},28)`);
  const items = [{ label: '上报量', colour: '#2b5f96' }, ...SERIES];
  items.forEach((s, i) => {
    const g = legend.append('g').attr('transform', `translate(${i * 250},0)`);
    g.append('rect').attr('y', -14).attr('width', 36).attr('height', 16).attr('rx', 3).attr('fill', s.colour);
    g.append('text').attr('x', 46).attr('y', 2).text(s.label);
  });
  const grid = svg.append('g').attr('class', 'tr-grid');
  const bars = svg.append('g').attr('class', 'tr-bars');
  const lines = svg.append('g').attr('class', 'tr-lines');
  const xLabels = svg.append('g').attr('class', 'tr-x');
  const countAxis = svg.append('g').attr('class', 'tr-y tr-count');
  const empty = svg
    .append('text')
    .attr('class', 'tr-empty')
    .attr('x', width / 2)
    .attr('y', H / 2)
    .attr('text-anchor', 'middle');

  return (points: readonly KpiSummary[]) => {
    empty.text(points.length === 0 ? '暂无数据' : '');
    const x = scaleBand<string>()
      .domain(points.map((p) => p.key))
      .range([M.left, width - M.right])
      .padding(0.3);
    const yCount = scaleLinear()
      .domain([0, Math.max(10, max(points, (p) => p.reported) ?? 0)])
      .nice()
      .range([H - M.bottom, M.top]);
    const yRate = scaleLinear()
      .domain([0, 1])
      .range([H - M.bottom, M.top]);

    grid
      .selectAll<SVGGElement, number>('g')
      .data([0, 0.25, 0.5, 0.75, 1])
      .join((enter) => {
        const g = enter.append('g');
        g.append('line');
        g.append('text').attr('text-anchor', 'start');
        return g;
      })
      .call((g) => {
        g.select('line')
          .attr('x1', M.left)
          .attr('x2', width - M.right)
          .attr('y1', (d) => yRate(d))
          .attr('y2', (d) => yRate(d));
        g.select('text')
          .attr('x', width - M.right + 14)
          .attr('y', (d) => yRate(d) + 9)
          .text((d) => `${d * 100}%`);
      });
    countAxis
      .selectAll<SVGTextElement, number>('text')
      .data(yCount.ticks(4))
      .join('text')
      .attr('x', M.left - 14)
      .attr('y', (d) => yCount(d) + 9)
      .attr('text-anchor', 'end')
      .text((d) => String(d));

    bars
      .selectAll<SVGRectElement, KpiSummary>('rect')
      .data(points, (d) => d.key)
      .join('rect')
      .attr('x', (d) => x(d.key) ?? 0)
      .attr('width', x.bandwidth())
      .attr('y', (d) => yCount(d.reported))
      .attr('height', (d) => H - M.bottom - yCount(d.reported));

    lines
      .selectAll<SVGPathElement, (typeof SERIES)[number]>('path')
      .data(SERIES, (s) => s.key)
      .join('path')
      .attr('stroke', (s) => s.colour)
      .attr(
        'd',
        (s) =>
          line<KpiSummary>()
            .defined((p) => p[s.key] !== null)
            .x((p) => (x(p.key) ?? 0) + x.bandwidth() / 2)
            .y((p) => yRate(p[s.key] ?? 0))(points as KpiSummary[]) ?? '',
      );

    const step = Math.max(1, Math.ceil(points.length / 14));
    xLabels
      .selectAll<SVGTextElement, KpiSummary>('text')
      .data(
        points.filter((_, i) => i % step === 0),
        (d) => d.key,
      )
      .join('text')
      .attr('x', (d) => (x(d.key) ?? 0) + x.bandwidth() / 2)
      .attr('y', H - 14)
      .attr('text-anchor', 'middle')
      .text((d) => label(d.key));
  };
}
