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
  /** Windows containing `eventTime`, oldest first. */
  assign(eventTime: number): TimeWindow[];
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
  return {
    sizeMs,
    slideMs,
    assign(eventTime) {
      const lastStart = eventTime - mod(eventTime - offsetMs, slideMs);
      const windows: TimeWindow[] = [];
      for (let start = lastStart - sizeMs + slideMs; start <= lastStart; start += slideMs) {
        if (start + sizeMs > eventTime) windows.push({ start, end: start + sizeMs });
      }
      return windows;
    },
  };
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
