import type { CommitMark } from '../core/partition-tasks.ts';

/**
 * Offset-commit metadata: `{"w":<watermark or null before the first event>,"p":<processed through>}`.
 * Read back at assignment, it tells replayed events of windows closed before the commit
 * (offset ≤ p, window closed at w) from new ones.
 */
export function encodeMark(mark: CommitMark): string {
  return JSON.stringify({
    w: Number.isFinite(mark.watermark) ? mark.watermark : null,
    p: mark.processedThrough,
  });
}

/** The mark of a commit; undefined when there is none or another tool wrote the metadata. */
export function parseMark(metadata: string | null): CommitMark | undefined {
  if (metadata === null || metadata === '') return undefined;
  let mark: { w?: unknown; p?: unknown };
  try {
    mark = JSON.parse(metadata) as { w?: unknown; p?: unknown };
  } catch {
    return undefined; // metadata written by another tool: resume from the offset alone
  }
  if (typeof mark.p !== 'number' || !(typeof mark.w === 'number' || mark.w === null)) return undefined;
  return { watermark: mark.w ?? Number.NEGATIVE_INFINITY, processedThrough: mark.p };
}
