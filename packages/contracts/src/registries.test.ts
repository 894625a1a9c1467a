import { describe, expect, it } from 'vitest';
import { exampleWith, reasonFor } from './fixtures/messages.ts';
import { decode } from './parse.ts';
import { gaugeSchema, householdSchema, shelterSchema, stationSchema } from './registries.ts';
import { TOPICS } from './topics.ts';

const household = (changes: Record<string, unknown>) => exampleWith(TOPICS.households, changes);
const gauge = (changes: Record<string, unknown>) => exampleWith(TOPICS.gauges, changes);

describe('registries > householdSchema', () => {
  it('accepts a household without contacts', () => {
    expect(decode(householdSchema, household({ contacts: undefined })).ok).toBe(true);
  });

  it('masks an invalid phone number in the reason', () => {
    const contacts = [{ role: 'family', phone: 'call +86 138 0000 0000' }];
    expect(reasonFor(householdSchema, household({ contacts }))).toBe(
      'contacts[0].phone: expected phone number, got [personal data, masked]',
    );
  });

  it('masks a phone number sent as a number', () => {
    const contacts = [{ role: 'family', phone: 13_800_000_000 }];
    expect(reasonFor(householdSchema, household({ contacts }))).toBe(
      'contacts[0].phone: expected string, got [personal data, masked]',
    );
  });

  it('masks anything wrong under contacts, not only phones', () => {
    const contacts = [{ role: '', phone: '+8613800000000' }];
    expect(reasonFor(householdSchema, household({ contacts }))).toBe(
      'contacts[0].role: expected non-empty string, got [personal data, masked]',
    );
  });

  it('masks contacts that are not an array', () => {
    expect(reasonFor(householdSchema, household({ contacts: '+8613800000000' }))).toBe(
      'contacts: expected array, got [personal data, masked]',
    );
  });

  it("masks the resident's name", () => {
    expect(reasonFor(householdSchema, household({ name: 42 }))).toBe(
      'name: expected string, got [personal data, masked]',
    );
  });

  it('does not mask fields that are not personal data', () => {
    expect(reasonFor(householdSchema, household({ lives_alone: 'yes' }))).toBe(
      'lives_alone: expected boolean, got "yes"',
    );
  });
});

describe('registries > gaugeSchema', () => {
  it('rejects a warning level at or above the guaranteed level', () => {
    expect(reasonFor(gaugeSchema, gauge({ warning_level_m: 5 }))).toBe(
      'warning_level_m: expected number < guarantee_level_m (4.8), got 5',
    );
  });

  it('rejects an unknown gauge kind', () => {
    expect(reasonFor(gaugeSchema, gauge({ kind: 'lake' }))).toBe(
      'kind: expected one of "river" | "tide" | "canal" | "underpass", got "lake"',
    );
  });

  it('rejects a latitude out of range', () => {
    expect(reasonFor(gaugeSchema, gauge({ lat: 131.2 }))).toBe('lat: expected number ≤ 90, got 131.2');
  });
});

describe('registries > stationSchema', () => {
  it('requires a district', () => {
    const text = exampleWith(TOPICS.stations, { district: undefined });
    expect(reasonFor(stationSchema, text)).toBe('district: expected 6-digit district code, got nothing');
  });
});

describe('registries > shelterSchema', () => {
  it('rejects a capacity that is not a whole number', () => {
    const text = exampleWith(TOPICS.shelters, { capacity: 800.5 });
    expect(reasonFor(shelterSchema, text)).toBe('capacity: expected integer ≥ 1, got 800.5');
  });
});
