import { extent } from 'd3-array';
import { scaleLinear, scaleTime } from 'd3-scale';
import { type Selection, select } from 'd3-selection';
import { line } from 'd3-shape';
import type { GaugeValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { formatFixed, formatHm } from '../shared/format.ts';
import { gaugeKindLabel, gaugeStatusLabel } from '../shared/labels.ts';
import { VersionGate } from '../shared/version-gate.ts';
import { forecastSegment, nextCrossing, pickGauges } from './gauge-forecast.ts';

const SHOWN = 4;
const HOUR = 3_600_000;
const WINDOW = 12 * HOUR;
const PLOT_H = 170;
const M = { left: 12, right: 150, top: 14, bottom: 34 };

type Point = readonly [number, number];

/**
 * Water-level curves of the gauges that matter now: the last 12 h, the warning (警戒) and
 * guaranteed (保证) lines, and the forecast as a dashed line to the time it crosses the next
 * one. A gauge's paths are rebuilt only when its reading changed.
 */
export function createWaterPanel(host: HTMLElement, store: ChannelStore): () => void {
  const root = select(host);
  const width = host.clientWidth;
  const gate = new VersionGate(store);
  return () => {
    if (!gate.changed('gauges')) return;
    const all = store.values<GaugeValue>('gauges');
    const above = all.filter((g) => g.status !== 'normal').length;
    const shown = pickGauges(all, SHOWN);
    root
      .selectAll<HTMLDivElement, GaugeValue>('div.wl-card')
      .data(shown, (d) => d.gauge_id)
      .join((enter) =>
        enter
          .append('div')
          .attr('class', 'wl-card')
          .each(function () {
            buildCard(select(this), width);
          }),
      )
      .order()
      .each(function (g) {
        const card = select<HTMLDivElement, GaugeValue>(this);
        const key = `${g.ts}|${g.level_m}|${g.status}|${g.forecast_warning_at}|${g.forecast_guarantee_at}`;
        if (this.dataset.key === key) return;
        this.dataset.key = key;
        drawCard(card, g, width);
      });
    root.attr('data-above-warning', above);
  };
}

function buildCard(card: Selection<HTMLDivElement, GaugeValue, null, undefined>, width: number): void {
  const head = card.append('div').attr('class', 'wl-head');
  head.append('span').attr('class', 'wl-name');
  head.append('span').attr('class', 'wl-kind');
  head.append('span').attr('class', 'wl-status');
  head.append('span').attr('class', 'wl-eta');
  head.append('span').attr('class', 'wl-level');
  const svg = card.append('svg').attr('viewBox', `0 0 ${width} ${PLOT_H}`).attr('class', 'wl-plot');
  svg.append('line').attr('class', 'wl-guar');
  svg.append('line').attr('class', 'wl-warn');
  svg.append('text').attr('class', 'wl-guar-label');
  svg.append('text').attr('class', 'wl-warn-label');
  svg.append('path').attr('class', 'wl-line');
  svg.append('path').attr('class', 'wl-forecast');
  svg.append('circle').attr('class', 'wl-cross').attr('r', 8);
  svg.append('g').attr('class', 'wl-ticks');
}

function drawCard(
  card: Selection<HTMLDivElement, GaugeValue, null, undefined>,
  g: GaugeValue,
  width: number,
): void {
  const recent: Point[] = g.recent.length > 0 ? [...g.recent] : [[Date.parse(g.ts), g.level_m]];
  const last = recent.at(-1) ?? [Date.parse(g.ts), g.level_m];
  const forecast = forecastSegment(g);
  const end = Math.max(last[0], Math.min(forecast?.[1][0] ?? last[0], last[0] + 6 * HOUR));
  const x = scaleTime()
    .domain([end - WINDOW, end])
    .range([M.left, width - M.right]);
  const [lo = 0, hi = 1] = extent(recent, (p) => p[1]);
  const y = scaleLinear()
    .domain([
      Math.min(lo, g.warning_level_m) - 0.1 * g.guarantee_level_m,
      Math.max(hi, g.guarantee_level_m) * 1.04,
    ])
    .range([PLOT_H - M.bottom, M.top]);
  const path = line<Point>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));

  card.attr('data-status', g.status).attr('data-gauge', g.gauge_id);
  card.select('.wl-name').text(g.name);
  card.select('.wl-kind').text(gaugeKindLabel[g.kind] ?? g.kind);
  card.select('.wl-status').text(gaugeStatusLabel[g.status] ?? g.status);
  const rise = g.rise_m_per_h;
  const trend =
    rise === null
      ? ''
      : ` ${rise > 0.005 ? '↑' : rise < -0.005 ? '↓' : '→'}${formatFixed(Math.abs(rise), 2)}m/h`;
  card.select('.wl-level').text(`${formatFixed(g.level_m, 2)}m${trend}`);

  const svg = card.select('svg');
  const hline = (cls: string, level: number): void => {
    svg
      .select(`.${cls}`)
      .attr('x1', M.left)
      .attr('x2', width - M.right)
      .attr('y1', y(level))
      .attr('y2', y(level));
  };
  hline('wl-warn', g.warning_level_m);
  hline('wl-guar', g.guarantee_level_m);
  svg
    .select('.wl-warn-label')
    .attr('x', width - M.right + 10)
    .attr('y', y(g.warning_level_m) + 10)
    .text(`警戒 ${formatFixed(g.warning_level_m, 2)}`);
  svg
    .select('.wl-guar-label')
    .attr('x', width - M.right + 10)
    .attr('y', y(g.guarantee_level_m) + 10)
    .text(`保证 ${formatFixed(g.guarantee_level_m, 2)}`);
  svg.select('.wl-line').attr('d', path(recent.filter((p) => p[0] >= end - WINDOW)) ?? '');

  const crossing = nextCrossing(g);
  const shown = forecast !== null && crossing !== null && forecast[1][0] <= end;
  svg.select('.wl-forecast').attr('d', shown ? (path(forecast) ?? '') : '');
  svg
    .select('.wl-cross')
    .style('display', () => (shown ? null : 'none'))
    .attr('cx', shown ? x(forecast[1][0]) : 0)
    .attr('cy', shown ? y(forecast[1][1]) : 0);
  card
    .select('.wl-eta')
    .text(
      crossing === null
        ? ''
        : `预计 ${formatHm(crossing.at)} 超${crossing.kind === 'warning' ? '警戒' : '保证'}`,
    );

  const ticks = [end - WINDOW, end - WINDOW / 2, last[0]];
  svg
    .select('.wl-ticks')
    .selectAll<SVGTextElement, number>('text')
    .data(ticks)
    .join('text')
    .attr('x', (t) => x(t))
    .attr('y', PLOT_H - 6)
    .attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'middle'))
    .text((t) => formatHm(t));
}
