import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import 'd3-transition';
import type { ResourceStatusName, ResourceValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { onlyChanged } from '../shared/changed.ts';
import { formatCount } from '../shared/format.ts';
import {
  resourceStatusColour,
  resourceStatuses,
  resourceStatusLabel,
  resourceTypeLabel,
} from '../shared/labels.ts';
import { VersionGate } from '../shared/version-gate.ts';

const ORDER = ['rescue_team', 'boat', 'pump', 'vehicle', 'generator', 'medical_team', 'sandbag_pallet'];

interface Segment {
  readonly status: ResourceStatusName;
  readonly from: number;
  readonly count: number;
}

/** Resources by type: a bar per type split by status, with how many are out (派出+在现场). */
export function createResourcesPanel(host: HTMLElement, store: ChannelStore): () => void {
  const root = select(host);
  const legend = root.append('div').attr('class', 'res-legend');
  for (const s of resourceStatuses) {
    const item = legend.append('span').attr('class', 'res-li');
    item.append('i').style('background', resourceStatusColour[s]);
    item.append('span').text(resourceStatusLabel[s]);
  }
  const list = root.append('div').attr('class', 'res-list');
  const gate = new VersionGate(store);
  return () => {
    if (!gate.changed('resources')) return;
    const rows = store
      .values<ResourceValue>('resources')
      .sort((a, b) => rank(a.type) - rank(b.type))
      .map((r) => {
        let from = 0;
        const segments: Segment[] = resourceStatuses.map((status) => {
          const count = r.by_status[status] ?? 0;
          const seg = { status, from, count };
          from += count;
          return seg;
        });
        return {
          type: r.type,
          total: from,
          out: (r.by_status.dispatched ?? 0) + (r.by_status.on_site ?? 0),
          segments,
        };
      });
    const row = list
      .selectAll<HTMLDivElement, (typeof rows)[number]>('div.res-row')
      .data(rows, (d) => d.type)
      .join((enter) => {
        const r = enter.append('div').attr('class', 'res-row');
        r.append('span').attr('class', 'res-name');
        r.append('div').attr('class', 'res-bar');
        r.append('span').attr('class', 'res-out');
        return r;
      })
      .attr('data-type', (d) => d.type);
    row.select('.res-name').text((d) => resourceTypeLabel[d.type] ?? d.type);
    row.select('.res-out').text((d) => `出动 ${formatCount(d.out)} / ${formatCount(d.total)}`);
    row.select('.res-bar').each(function (d) {
      const x = scaleLinear()
        .domain([0, Math.max(1, d.total)])
        .range([0, 100]);
      const segments = select(this)
        .selectAll<HTMLDivElement, Segment>('div.res-seg')
        .data(d.segments, (s) => s.status)
        .join('div')
        .attr('class', 'res-seg')
        .style('background', (s) => resourceStatusColour[s.status]);
      onlyChanged(segments, (s) => `${x(s.from).toFixed(2)}|${x(s.count).toFixed(2)}`)
        .transition()
        .duration(600)
        .style('left', (s) => `${x(s.from)}%`)
        .style('width', (s) => `${x(s.count)}%`);
    });
  };
}

function rank(type: string): number {
  const i = ORDER.indexOf(type);
  return i < 0 ? ORDER.length : i;
}
