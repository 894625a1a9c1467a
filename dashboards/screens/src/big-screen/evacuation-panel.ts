import { select } from 'd3-selection';
import 'd3-transition';
import type { EvacuationCount, ShelterValue } from '../feed/channels.ts';
import type { ChannelStore } from '../feed/store.ts';
import { onlyChanged } from '../shared/changed.ts';
import { createFlipCounter } from '../shared/flip-counter.ts';
import { formatCount, formatRate } from '../shared/format.ts';
import { VersionGate } from '../shared/version-gate.ts';

/** 转移人数 and 安置人数 against capacity, as rolling counters, with shelters full and open. */
export function createEvacuationPanel(host: HTMLElement, store: ChannelStore): () => void {
  const root = select(host);
  const transferredBox = root.append('div').attr('class', 'counter-block');
  transferredBox.append('div').attr('class', 'counter-label').text('转移人数');
  const transferred = createFlipCounter(
    transferredBox
      .append('div')
      .attr('class', 'counter')
      .attr('data-testid', 'transferred')
      .node() as HTMLElement,
  );
  transferredBox.append('span').attr('class', 'counter-unit').text('人');

  const shelteredBox = root.append('div').attr('class', 'counter-block');
  shelteredBox.append('div').attr('class', 'counter-label').text('安置人数');
  const sheltered = createFlipCounter(
    shelteredBox
      .append('div')
      .attr('class', 'counter')
      .attr('data-testid', 'in-shelters')
      .node() as HTMLElement,
  );
  shelteredBox.append('span').attr('class', 'counter-unit').text('人');

  const capacity = root.append('div').attr('class', 'capacity');
  const bar = capacity.append('div').attr('class', 'cap-bar');
  const fill = bar.append('div').attr('class', 'cap-fill');
  const capText = capacity.append('div').attr('class', 'cap-text');
  const shelterText = capacity.append('div').attr('class', 'cap-text cap-shelters');

  const gate = new VersionGate(store);
  return () => {
    if (!gate.changed('evacuation')) return;
    const total = store.value<EvacuationCount>('evacuation', 'total');
    transferred(total?.transferred ?? 0);
    sheltered(total?.in_shelters ?? 0);
    const cap = total?.capacity ?? 0;
    const ratio = cap > 0 ? (total?.in_shelters ?? 0) / cap : 0;
    const width = `${Math.min(100, ratio * 100).toFixed(1)}%`;
    onlyChanged(fill, () => width)
      .transition()
      .duration(800)
      .style('width', width);
    fill.classed('high', ratio >= 0.9);
    capText.text(
      `容量 ${formatCount(cap)} 人 · 入住率 ${formatRate(cap > 0 ? ratio : null)} · 空余 ${formatCount(total?.free ?? 0)}`,
    );
    let open = 0;
    let full = 0;
    for (const v of store.values<ShelterValue>('evacuation')) {
      if (typeof v.shelter_id !== 'string') continue;
      if (v.occupancy > 0) open += 1;
      if (v.capacity > 0 && v.occupancy >= v.capacity) full += 1;
    }
    shelterText.text(`启用安置点 ${open} 个 · 已满 ${full} 个`);
  };
}
