import type { BaseType, Selection } from 'd3-selection';

const drawn = new WeakMap<Element, string>();

/**
 * The elements whose key differs from the one they were last drawn with. A d3 transition to
 * the value an element already has still runs every frame and repaints it; at 3840×2160 in
 * software that is what costs, so transitions start only on what changed. Like any d3
 * filter, the result renumbers indices: position elements from their datum, not from `i`.
 */
export function onlyChanged<E extends Element, D, P extends BaseType, PD>(
  selection: Selection<E, D, P, PD>,
  key: (d: D, i: number) => string,
): Selection<E, D, P, PD> {
  return selection.filter(function (d, i) {
    const k = key(d, i);
    if (drawn.get(this) === k) return false;
    drawn.set(this, k);
    return true;
  });
}
