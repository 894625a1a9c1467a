import { select } from 'd3-selection';
import { arc } from 'd3-shape';
import 'd3-transition';
import { formatRate } from './format.ts';

/**
 * A ring showing a rate 0..1 with its value in the middle. Returns the updater; the arc is
 * re-rendered only when the shown value changes.
 */
export function createRing(host: HTMLElement, label: string, size = 240): (rate: number | null) => void {
  const r = size / 2;
  const svg = select(host)
    .append('svg')
    .attr('class', 'ring')
    .attr('viewBox', `${-r} ${-r} ${size} ${size}`)
    .attr('width', size)
    .attr('height', size);
  const shape = arc<number>()
    .innerRadius(r - 26)
    .outerRadius(r - 4)
    .startAngle(0)
    .cornerRadius(4)
    .endAngle((d) => d * 2 * Math.PI);
  svg
    .append('path')
    .attr('class', 'ring-bg')
    .attr('d', shape(1) ?? '');
  const fg = svg
    .append('path')
    .attr('class', 'ring-fg')
    .attr('d', shape(0) ?? '');
  const value = svg
    .append('text')
    .attr('class', 'ring-value')
    .attr('dy', '0.1em')
    .attr('text-anchor', 'middle');
  svg
    .append('text')
    .attr('class', 'ring-label')
    .attr('dy', '2.4em')
    .attr('text-anchor', 'middle')
    .text(label);
  let shown: string | null = null;
  return (rate) => {
    const text = formatRate(rate);
    if (text === shown) return;
    shown = text;
    value.text(text);
    host.dataset.value = rate === null ? '' : String(rate);
    const v = rate === null ? 0 : Math.max(0, Math.min(1, rate));
    fg.classed('low', rate !== null && rate < 0.8)
      .transition()
      .duration(800)
      .attrTween('d', function () {
        const from = Number(this.dataset.v ?? 0);
        this.dataset.v = String(v);
        return (t) => shape(from + (v - from) * t) ?? '';
      });
  };
}
