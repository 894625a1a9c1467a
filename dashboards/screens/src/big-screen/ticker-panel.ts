import { select } from 'd3-selection';
import 'd3-transition';
import type { AlertValue, GaugeValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { onlyChanged } from '../shared/changed.ts';
import { formatMdHm } from '../shared/format.ts';
import { alertTypeLabel, severityLabel } from '../shared/labels.ts';
import { VersionGate } from '../shared/version-gate.ts';
import { alertDetail, alertDistrict, latestOpen } from './alert-detail.ts';

const ROWS = 5;
const ROW_H = 56;

/**
 * 预警信息: open alerts by type as counts, then the newest open alerts, new ones sliding in
 * at the top. The list holds ROWS rows whatever the number of alerts.
 */
export function createTickerPanel(host: HTMLElement, store: ChannelStore): () => void {
  const root = select(host);
  const chips = root.append('div').attr('class', 'tk-chips');
  const types = Object.keys(alertTypeLabel) as (keyof typeof alertTypeLabel)[];
  const chip = chips
    .selectAll('span.tk-chip')
    .data(types)
    .join('span')
    .attr('class', 'tk-chip')
    .attr('data-type', (d) => d);
  chip
    .append('span')
    .attr('class', 'tk-chip-label')
    .text((d) => alertTypeLabel[d]);
  const chipCount = chip.append('b').attr('class', 'tk-chip-count').text('0');
  const list = root
    .append('div')
    .attr('class', 'tk-list')
    .style('height', `${ROWS * ROW_H}px`);
  const empty = list.append('div').attr('class', 'tk-empty').text('暂无未解除预警');
  const gate = new VersionGate(store);

  return () => {
    const alertsChanged = gate.changed('alerts');
    const gaugesChanged = gate.changed('gauges');
    if (!alertsChanged && !gaugesChanged) return;
    const alerts = store.values<AlertValue>('alerts');
    const counts = new Map<string, number>();
    for (const a of alerts) if (a.status === 'open') counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    chipCount.text((d) => String(counts.get(d) ?? 0));
    chip.classed('active', (d) => (counts.get(d) ?? 0) > 0);

    const gaugeNames = new Map(store.values<GaugeValue>('gauges').map((g) => [g.gauge_id, g.name]));
    const rows = latestOpen(alerts, ROWS);
    const rank = new Map(rows.map((a, i) => [a.alert_id, i]));
    const top = (d: AlertValue): number => (rank.get(d.alert_id) ?? 0) * ROW_H;
    empty.style('display', () => (rows.length === 0 ? null : 'none'));
    list
      .selectAll<HTMLDivElement, AlertValue>('div.tk-row')
      .data(rows, (d) => d.alert_id)
      .join(
        (enter) => {
          const r = enter
            .append('div')
            .attr('class', 'tk-row')
            .style('opacity', 0)
            .style('transform', `translateY(${-ROW_H}px)`);
          r.append('span').attr('class', 'tk-sev');
          r.append('span').attr('class', 'tk-type');
          r.append('span').attr('class', 'tk-district');
          r.append('span').attr('class', 'tk-detail');
          r.append('span').attr('class', 'tk-time');
          return r;
        },
        (update) => update,
        (exit) => exit.remove(),
      )
      .attr('data-severity', (d) => d.severity)
      .attr('data-type', (d) => d.type)
      .call((r) => {
        r.select('.tk-sev').text((d) => severityLabel[d.severity] ?? d.severity);
        r.select('.tk-type').text((d) => alertTypeLabel[d.type]);
        r.select('.tk-district').text((d) => alertDistrict(d));
        r.select('.tk-detail').text((d) => alertDetail(d, gaugeNames));
        r.select('.tk-time').text((d) => `始于 ${formatMdHm(d.since)} · 发现 ${formatMdHm(d.detected_at)}`);
      })
      .call((r) =>
        onlyChanged(r, (d) => String(top(d)))
          .transition()
          .duration(600)
          .style('opacity', 1)
          .style('transform', (d) => `translateY(${top(d)}px)`),
      );
  };
}
