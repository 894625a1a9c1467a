/**
 * Invalid copies of a valid reading, as broken gateways send them: truncated or glued JSON, an
 * HTML error page, bytes that are not UTF-8, a number sent as a string, a negative register,
 * and ids no registry knows (`HH-9…`, never a registered household).
 */
import type { Rng } from '../rng.ts';

export function malformed(rng: Rng, text: string): string | Uint8Array {
  switch (rng.int(4)) {
    case 0:
      return text.slice(0, Math.max(1, Math.floor(text.length * rng.range(0.2, 0.9))));
    case 1:
      return '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    case 2:
      return `${text}${text}`;
    default: {
      const bytes = new TextEncoder().encode(text);
      const out = new Uint8Array(bytes.length + 2);
      out.set([0xff, 0xfe]);
      out.set(bytes, 2);
      return out;
    }
  }
}

export const wrongType = (text: string): string => text.replace(/"reading":([0-9.]+)/, '"reading":"$1"');

export const outOfRange = (text: string): string =>
  text.replace(/"reading":([0-9.]+)/, (_, n: string) => `"reading":${Number(n) > 0 ? `-${n}` : '-1'}`);

/** The same reading from a meter and household nobody registered; returns the new key too. */
export function unknownId(rng: Rng, text: string): { key: string; value: string } {
  const n = String(90_000_000 + rng.int(9_999_999)).padStart(8, '0');
  const value = text
    .replace(/"household_id":"HH-\d+"/, `"household_id":"HH-${n}"`)
    .replace(/"meter_id":"(WM|EM)-\d+"/, `"meter_id":"$1-${n}"`);
  const key = /"meter_id":"([^"]+)"/.exec(value)?.[1] ?? `WM-${n}`;
  return { key, value };
}
