import { z } from 'zod';

/**
 * Field schemas shared by several topics. Error texts given here (`error: '…'`) are phrased as
 * the "expected" half of a decode reason: `district: expected 6-digit district code, got "3101"`.
 */

/** JSON Schema keyword (and zod metadata key) marking a field as personal data. */
export const PERSONAL_DATA = 'x-personal-data';

/**
 * Marks a field as personal data (phone numbers, names). `decode` never echoes the value of a
 * marked field, or of anything under it, in an error; the JSON Schemas carry `x-personal-data: true`.
 */
export function personal<T extends z.ZodType>(schema: T, description: string): T {
  return schema.meta({ [PERSONAL_DATA]: true, description });
}

/** Opaque identifier (meter, household, ticket, …). Bounded so a key cannot be megabytes. */
export const id = z.string().min(1).max(128);

/** Free-text label (names, categories, roles). */
export const label = z.string().min(1).max(256);

/** 6-digit administrative division code (GB/T 2260), e.g. `310101`. Never a number. */
export const districtCode = z
  .string({ error: '6-digit district code' })
  .regex(/^\d{6}$/, { error: '6-digit district code' })
  .describe('6-digit administrative division code (GB/T 2260), e.g. "310101"');

export const latitude = z.number().min(-90).max(90).describe('WGS-84 latitude, degrees');
export const longitude = z.number().min(-180).max(180).describe('WGS-84 longitude, degrees');

/**
 * A whole number in [min, max]: one phrase for every way it can fail, so a reason reads
 * `satisfaction: expected integer from 1 to 5, got 6` rather than "number ≤ 5".
 */
export function integer(min: number, max?: number) {
  const error = max === undefined ? `integer ≥ ${min}` : `integer from ${min} to ${max}`;
  const atLeast = z.int({ error }).min(min, { error });
  return max === undefined ? atLeast : atLeast.max(max, { error });
}

/** A count of people or items: an integer ≥ 1. */
export const positiveCount = integer(1);
