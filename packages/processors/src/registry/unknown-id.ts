import type { DecodeError } from '@onegrid/contracts';

/** Ids whose registry is another feed, which may lag behind or arrive after the messages naming them. */
const REGISTRY_FIELDS: ReadonlySet<string> = new Set([
  'household_id',
  'station_id',
  'gauge_id',
  'shelter_id',
]);

/** The dead-letter reason for a message naming an id no registry knows. */
export function unknownId(field: string, value: string, registry: string): DecodeError {
  return refusal(field, value, `an id of the ${registry} registry`);
}

/** The dead-letter reason for a district code that is not on the district code list. */
export function unknownDistrict(value: string): DecodeError {
  return refusal('district', value, 'a district code of the districts table (GB/T 2260)');
}

/**
 * Whether a refusal may be cured by time: an id of a registry that may not have caught up yet.
 * A district is checked against the code list the project ships, which no feed changes: never.
 */
export function lateRegistry(error: DecodeError): boolean {
  return error.code === 'unknown_id' && error.issues.some((issue) => REGISTRY_FIELDS.has(issue.field));
}

function refusal(field: string, value: string, expected: string): DecodeError {
  const got = JSON.stringify(value).slice(0, 80);
  return {
    code: 'unknown_id',
    reason: `${field}: expected ${expected}, got ${got}`,
    issues: [{ field, expected, got, message: `${field}: expected ${expected}, got ${got}` }],
  };
}
