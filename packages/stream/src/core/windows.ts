import { StreamError } from '../errors.ts';

/** A half-open event-time interval [start, end) in epoch milliseconds. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** Which fixed windows an event time falls in. Tumbling is hopping with slide = size. */
export interface WindowAssigner {
  readonly sizeMs: number;
  readonly slideMs: number;
  /**
   * Windows containing `eventTime`, oldest first. Events of the same slide share one frozen
   * array (no allocation per event on the hot path), which callers only read.
   */
  assign(eventTime: number): readonly TimeWindow[];
}

export function tumblingWindows(sizeMs: number, offsetMs = 0): WindowAssigner {
  return hoppingWindows(sizeMs, sizeMs, offsetMs);
}

/**
 * Windows of `sizeMs` starting every `slideMs`, aligned to the epoch plus `offsetMs`
 * (e.g. -8 h aligns daily windows to midnight in China Standard Time).
 */
export function hoppingWindows(sizeMs: number, slideMs: number, offsetMs = 0): WindowAssigner {
  if (!(sizeMs > 0 && slideMs > 0 && slideMs <= sizeMs)) {
    throw new StreamError(
      'INVALID_WINDOW',
      `window size ${sizeMs} ms and slide ${slideMs} ms: need 0 < slide ≤ size`,
    );
  }
  // Every event time of one slide falls in the same windows: the last slide's are kept.
  let cachedStart = Number.NaN;
  let cached: readonly TimeWindow[] = [];
  return {
    sizeMs,
    slideMs,
    assign(eventTime) {
      const lastStart = eventTime - mod(eventTime - offsetMs, slideMs);
      if (lastStart === cachedStart) return cached;
      const windows: TimeWindow[] = [];
      for (let start = lastStart - sizeMs + slideMs; start <= lastStart; start += slideMs) {
        if (start + sizeMs > eventTime) windows.push(Object.freeze({ start, end: start + sizeMs }));
      }
      cachedStart = lastStart;
      cached = Object.freeze(windows);
      return cached;
    },
  };
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
