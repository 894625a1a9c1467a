import { select } from 'd3-selection';
import type { TicketStats } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { createFlipCounter } from '../shared/flip-counter.ts';
import { formatCount, formatDuration } from '../shared/format.ts';
import { districtName } from '../shared/labels.ts';
import { createRing } from '../shared/ring.ts';
import { VersionGate } from '../shared/version-gate.ts';

/** 工单 (12345 tickets) of the last 24 h: counts, response times, on-time and satisfaction rates. */
export function createTicketsPanel(host: HTMLElement, store: ChannelStore): () => void {
  const root = select(host);
  const counts = root.append('div').attr('class', 'tkt-counts');
  const counters = (
    [
      ['reported', '上报'],
      ['open', '在办'],
      ['resolved', '办结'],
      ['overdue', '超时'],
    ] as const
  ).map(([key, label]) => {
    const box = counts.append('div').attr('class', `tkt-count tkt-${key}`);
    box.append('div').attr('class', 'tkt-label').text(label);
    const el = box
      .append('div')
      .attr('class', 'counter small')
      .attr('data-testid', `tickets-${key}`)
      .node() as HTMLElement;
    return { key, set: createFlipCounter(el, 700) };
  });
  const times = root.append('div').attr('class', 'tkt-times');
  const time = (label: string) => {
    const box = times.append('div').attr('class', 'tkt-time');
    box.append('span').attr('class', 'tkt-label').text(label);
    return box.append('b');
  };
  const p50 = time('响应时间 中位数');
  const p90 = time('响应时间 P90');
  const rings = root.append('div').attr('class', 'tkt-rings');
  const onTime = createRing(
    rings.append('div').attr('data-testid', 'on-time').node() as HTMLElement,
    '按时办结率',
  );
  const satisfaction = createRing(
    rings.append('div').attr('data-testid', 'satisfaction').node() as HTMLElement,
    '满意率',
  );
  const worst = root.append('div').attr('class', 'tkt-worst');

  const gate = new VersionGate(store);
  return () => {
    if (!gate.changed('tickets')) return;
    const all = store.value<TicketStats>('tickets', 'all');
    for (const c of counters) c.set(all?.[c.key] ?? 0);
    p50.text(formatDuration(all?.p50_response_s));
    p90.text(formatDuration(all?.p90_response_s));
    onTime(all?.on_time_rate ?? null);
    satisfaction(all?.satisfaction_rate ?? null);

    const byDistrict = [...(store.get('tickets')?.entries ?? new Map())]
      .filter(([key]) => key !== 'all')
      .map(([key, v]) => ({ district: key, overdue: (v as TicketStats).overdue }))
      .filter((d) => d.overdue > 0)
      .sort((a, b) => b.overdue - a.overdue || a.district.localeCompare(b.district))
      .slice(0, 3);
    worst.text(
      byDistrict.length === 0
        ? '各区暂无超时工单'
        : `超时最多：${byDistrict.map((d) => `${districtName[d.district] ?? d.district} ${formatCount(d.overdue)}`).join('　')}`,
    );
  };
}
