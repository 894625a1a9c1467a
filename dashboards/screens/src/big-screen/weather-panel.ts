import { scaleLinear } from 'd3-scale';
import { type Selection, select } from 'd3-selection';
import 'd3-transition';
import type { WeatherValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { beaufort } from '../shared/beaufort.ts';
import { onlyChanged } from '../shared/changed.ts';
import { formatFixed } from '../shared/format.ts';
import { districtName } from '../shared/labels.ts';
import { VersionGate } from '../shared/version-gate.ts';

const ROWS = 8;
const ROW_H = 58;

interface Bar {
  readonly district: string;
  readonly name: string;
  readonly value: number;
  readonly extra: number | null;
  readonly text: string;
}

/** 风力 and 雨量: the eight districts with the strongest wind and the heaviest hourly rain. */
export function createWeatherPanel(host: HTMLElement, store: ChannelStore): () => void {
  const root = select(host);
  const wind = column(root, '风力  级 · 平均/阵风 m/s', 'wind');
  const rain = column(root, '雨量  1小时/24小时 mm', 'rain');
  const gate = new VersionGate(store);
  return () => {
    if (!gate.changed('weather')) return;
    const all = store.values<WeatherValue>('weather');
    const name = (w: WeatherValue): string =>
      (w.name || districtName[w.district] || w.district).replace(/新区$|区$/, '');
    const windBars: Bar[] = all
      .filter((w) => w.wind_speed_ms !== null)
      .map((w) => ({
        district: w.district,
        name: name(w),
        value: w.wind_speed_ms ?? 0,
        extra: w.wind_gust_ms,
        text: `${beaufort(w.wind_speed_ms ?? 0)}级 ${formatFixed(w.wind_speed_ms)}/${formatFixed(w.wind_gust_ms, 0)}`,
      }));
    const rainBars: Bar[] = all
      .filter((w) => w.rain_1h_mm !== null)
      .map((w) => ({
        district: w.district,
        name: name(w),
        value: w.rain_1h_mm ?? 0,
        extra: null,
        text: `${formatFixed(w.rain_1h_mm)} / ${formatFixed(w.rain_24h_mm, 0)}`,
      }));
    drawBars(wind, windBars, 45);
    drawBars(rain, rainBars, 50);
  };
}

function column(root: Selection<HTMLElement, unknown, null, undefined>, title: string, kind: string) {
  const col = root.append('div').attr('class', `wx-col wx-${kind}`);
  col.append('div').attr('class', 'wx-title').text(title);
  return col
    .append('div')
    .attr('class', 'wx-list')
    .style('height', `${ROWS * ROW_H}px`);
}

function drawBars(
  list: Selection<HTMLDivElement, unknown, null, undefined>,
  bars: Bar[],
  floor: number,
): void {
  const top = bars.sort((a, b) => b.value - a.value || a.district.localeCompare(b.district)).slice(0, ROWS);
  const max = Math.max(floor, ...top.map((b) => Math.max(b.value, b.extra ?? 0)));
  const rank = new Map(top.map((b, i) => [b.district, i]));
  const y = (d: Bar): number => (rank.get(d.district) ?? 0) * ROW_H;
  const x = scaleLinear().domain([0, max]).range([0, 100]);
  const rows = list
    .selectAll<HTMLDivElement, Bar>('div.wx-row')
    .data(top, (d) => d.district)
    .join((enter) => {
      const r = enter
        .append('div')
        .attr('class', 'wx-row')
        .style('transform', (d) => `translateY(${y(d)}px)`);
      r.append('span').attr('class', 'wx-name');
      const track = r.append('div').attr('class', 'wx-track');
      track.append('div').attr('class', 'wx-bar');
      track.append('div').attr('class', 'wx-gust');
      r.append('span').attr('class', 'wx-value');
      return r;
    });
  rows.select('.wx-name').text((d) => d.name);
  rows.select('.wx-value').text((d) => d.text);
  const barNodes = rows.select<HTMLDivElement>('.wx-bar').classed('strong', (d) => d.value >= floor * 0.5);
  onlyChanged(barNodes, (d) => x(d.value).toFixed(1))
    .transition()
    .duration(600)
    .style('width', (d) => `${x(d.value)}%`);
  rows
    .select('.wx-gust')
    .style('display', (d) => (d.extra === null ? 'none' : null))
    .style('left', (d) => `${x(d.extra ?? 0)}%`);
  onlyChanged(rows, (d) => String(y(d)))
    .transition()
    .duration(600)
    .style('transform', (d) => `translateY(${y(d)}px)`);
}
