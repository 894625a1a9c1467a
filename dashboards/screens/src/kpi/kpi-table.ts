import { select } from 'd3-selection';
import { formatCount, formatDuration, formatRate } from '../shared/format.ts';
import type { KpiSummary } from './aggregate.ts';

interface Column {
  readonly title: string;
  readonly cls: string;
  readonly text: (s: KpiSummary) => string;
  /** 'bad' / 'warn' / '' for the cell's colour. */
  readonly tone?: (s: KpiSummary) => string;
}

const rateTone = (v: number | null, warn: number, bad: number): string =>
  v === null ? '' : v < bad ? 'bad' : v < warn ? 'warn' : 'good';

const COLUMNS: readonly Column[] = [
  { title: '上报', cls: 'num', text: (s) => formatCount(s.reported) },
  {
    title: '办结率',
    cls: 'rate',
    text: (s) => formatRate(s.resolution_rate),
    tone: (s) => rateTone(s.resolution_rate, 0.8, 0.6),
  },
  {
    title: '按时办结率',
    cls: 'rate',
    text: (s) => formatRate(s.on_time_rate),
    tone: (s) => rateTone(s.on_time_rate, 0.9, 0.75),
  },
  {
    title: '满意率',
    cls: 'rate',
    text: (s) => formatRate(s.satisfaction_rate),
    tone: (s) => rateTone(s.satisfaction_rate, 0.85, 0.7),
  },
  { title: '响应 P50', cls: 'dur', text: (s) => formatDuration(s.p50_response_s) },
  { title: '响应 P90', cls: 'dur', text: (s) => formatDuration(s.p90_response_s) },
  {
    title: '超时',
    cls: 'num',
    text: (s) => formatCount(s.overdue),
    tone: (s) => (s.overdue > 0 ? 'warn' : ''),
  },
];

/**
 * A KPI table by district or department, rows keyed by group so an update rewrites cells in
 * place. Rows are sorted by on-time rate, worst first: what a leader should ask about.
 */
export function createKpiTable(host: HTMLElement, firstColumn: string, name: (key: string) => string) {
  const root = select(host).append('div').attr('class', 'kt');
  const head = root.append('div').attr('class', 'kt-row kt-head');
  head.append('span').text(firstColumn);
  for (const c of COLUMNS) head.append('span').attr('class', c.cls).text(c.title);
  const body = root.append('div').attr('class', 'kt-body');
  const empty = root.append('div').attr('class', 'kt-empty').text('本期暂无工单');

  return (rows: readonly KpiSummary[]) => {
    const sorted = [...rows].sort(
      (a, b) =>
        (a.on_time_rate ?? 2) - (b.on_time_rate ?? 2) ||
        b.reported - a.reported ||
        a.key.localeCompare(b.key),
    );
    empty.style('display', () => (sorted.length === 0 ? null : 'none'));
    const row = body
      .selectAll<HTMLDivElement, KpiSummary>('div.kt-row')
      .data(sorted, (d) => d.key)
      .join((enter) => {
        const r = enter.append('div').attr('class', 'kt-row');
        r.append('span').attr('class', 'kt-name');
        for (const c of COLUMNS) r.append('span').attr('class', c.cls);
        return r;
      })
      .order()
      .attr('data-key', (d) => d.key);
    row.select('.kt-name').text((d) => name(d.key));
    row.each(function (d) {
      const cells = this.children;
      COLUMNS.forEach((c, i) => {
        const cell = cells[i + 1] as HTMLElement | undefined;
        if (cell === undefined) return;
        const text = c.text(d);
        if (cell.textContent !== text) cell.textContent = text;
        const tone = c.tone?.(d) ?? '';
        if (cell.dataset.tone !== tone) cell.dataset.tone = tone;
      });
    });
  };
}
