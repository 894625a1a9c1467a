import { easeCubicOut } from 'd3-ease';
import { interpolateNumber } from 'd3-interpolate';
import { type Selection, select } from 'd3-selection';
import 'd3-transition';
import { formatCount } from './format.ts';

interface Cell {
  /** Position from the right, so digits keep their cell as the number grows. */
  readonly key: number;
  readonly char: string;
}

const DIGITS = '0123456789';

/**
 * The rolling-digit counter of Chinese wall screens: each digit is a tile holding a strip of
 * 0-9 that rolls to the new digit with a d3 transition. Cells are joined by position from the
 * right, so a change only animates the digits that changed and no node is rebuilt.
 */
export function createFlipCounter(host: HTMLElement, durationMs = 900): (value: number) => void {
  const root = select(host).classed('flip-counter', true);
  let shown: string | null = null;
  return (value: number) => {
    const text = formatCount(value);
    if (text === shown) return;
    shown = text;
    // Read by people with screen readers and by the browser tests: the digits are in strips.
    host.dataset.value = String(Math.round(value));
    host.setAttribute('aria-label', text);
    const cells: Cell[] = [...text].map((char, i) => ({ key: text.length - i, char }));
    root
      .selectAll<HTMLSpanElement, Cell>('span.fc-cell')
      .data(cells, (d) => String(d.key))
      .join((enter) =>
        enter
          .append('span')
          .attr('class', (d) => (DIGITS.includes(d.char) ? 'fc-cell fc-digit' : 'fc-cell fc-sep'))
          .each(function (d) {
            if (!DIGITS.includes(d.char)) {
              this.textContent = d.char;
              return;
            }
            const strip = select(this).append('span').attr('class', 'fc-strip');
            strip
              .selectAll('span')
              .data([...DIGITS])
              .join('span')
              .text((c) => c);
          }),
      )
      .order()
      .each(function (d) {
        rollTo(select(this), d.char, durationMs);
      });
  };
}

function rollTo(
  cell: Selection<HTMLSpanElement, Cell, null, undefined>,
  char: string,
  durationMs: number,
): void {
  const node = cell.node();
  if (node === null || node.dataset.digit === char) return;
  const digit = DIGITS.indexOf(char);
  if (digit < 0) return;
  node.dataset.digit = char;
  const strip = cell.select<HTMLSpanElement>('.fc-strip');
  // Start where the strip is now, mid-roll if a previous change is still animating.
  const from = Number(strip.node()?.style.getPropertyValue('--fc-pos') || 0);
  // A custom property, not `transform`: d3 interpolates transforms through DOMMatrix, which
  // cannot hold the percentage that keeps the strip independent of the font size.
  strip
    .transition()
    .duration(durationMs)
    .ease(easeCubicOut)
    .styleTween('--fc-pos', () => {
      const i = interpolateNumber(from, digit);
      return (t) => String(i(t));
    });
}
