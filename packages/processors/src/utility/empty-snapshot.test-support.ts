import { SNAPSHOT_VERSION } from '@onegrid/analytics/utility';

/**
 * A valid empty snapshot of the current format, base64 as the store keeps it: no hours, reading
 * marks unknown. The restore tests store it where only a snapshot's presence and version matter.
 */
export function emptySnapshot(): string {
  const bytes = new Uint8Array(1 + 1 + 1 + 16);
  bytes[0] = SNAPSHOT_VERSION;
  const view = new DataView(bytes.buffer);
  view.setFloat64(3, Number.POSITIVE_INFINITY);
  view.setFloat64(11, Number.POSITIVE_INFINITY);
  return Buffer.from(bytes).toString('base64');
}
