const OFFSET_MS = 8 * 3_600_000;

/**
 * `2026-09-14 17:00:00.000`: an instant as Shanghai wall-clock text, the form a
 * `{name:DateTime64(3, 'Asia/Shanghai')}` query parameter reads.
 */
export function shanghaiTime(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().replace('T', ' ').replace('Z', '');
}
