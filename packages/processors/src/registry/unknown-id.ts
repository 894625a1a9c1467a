import type { DecodeError } from '@onegrid/contracts';

/** The dead-letter reason for a message naming an id no registry knows. */
export function unknownId(field: string, value: string, registry: string): DecodeError {
  const got = JSON.stringify(value).slice(0, 80);
  const expected = `an id of the ${registry} registry`;
  return {
    code: 'unknown_id',
    reason: `${field}: expected ${expected}, got ${got}`,
    issues: [{ field, expected, got, message: `${field}: expected ${expected}, got ${got}` }],
  };
}
