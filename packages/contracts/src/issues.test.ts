import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { personal } from './fields.ts';
import { clip, describeGot, fieldName, isPersonalPath, MASKED, valueAt } from './issues.ts';

describe('issues > fieldName', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(fieldName(['contacts', 0, 'phone'])).toBe('contacts[0].phone');
  });

  it('names the message itself $', () => {
    expect(fieldName([])).toBe('$');
  });
});

describe('issues > valueAt', () => {
  it('finds a nested value', () => {
    expect(valueAt({ a: [{ b: 3 }] }, ['a', 0, 'b'])).toBe(3);
  });

  it('gives undefined past a missing or primitive step', () => {
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(valueAt({}, ['__proto__'])).toBeUndefined();
  });
});

describe('issues > describeGot', () => {
  it('says nothing for a missing field', () => {
    expect(describeGot(undefined, false)).toBe('nothing');
  });

  it('quotes strings and prints numbers as they are', () => {
    expect(describeGot('2026-09-14 08:15', false)).toBe('"2026-09-14 08:15"');
    expect(describeGot(250, false)).toBe('250');
  });

  it('previews objects and arrays compactly', () => {
    expect(describeGot({ a: [1, 'x'], b: null }, false)).toBe('{"a":[1,"x"],"b":null}');
  });

  it('cuts at 80 characters, including huge arrays, without reading them all', () => {
    const got = describeGot(
      Array.from({ length: 1_000_000 }, () => 123_456),
      false,
    );
    expect(got.length).toBeLessThanOrEqual(80);
    expect(got.endsWith('…')).toBe(true);
  });

  it('masks personal data', () => {
    expect(describeGot('+8613800000000', true)).toBe(MASKED);
  });

  it('masks phone-like digit runs anywhere', () => {
    expect(describeGot('call 13800000000', false)).toBe('"call [digits masked]"');
  });
});

describe('issues > clip', () => {
  it('does not split a surrogate pair', () => {
    const clipped = clip(`${'a'.repeat(8)}😀😀`, 10);
    expect(clipped).toBe(`${'a'.repeat(8)}…`);
  });
});

describe('issues > isPersonalPath', () => {
  const schema = z.object({
    id: z.string(),
    people: z.array(z.object({ phone: personal(z.string(), 'phone'), role: z.string() })).optional(),
    owner: personal(z.object({ name: z.string() }), 'owner').nullable(),
  });

  it('finds a marked field inside an optional array', () => {
    expect(isPersonalPath(schema, ['people', 2, 'phone'])).toBe(true);
  });

  it('covers everything under a marked field', () => {
    expect(isPersonalPath(schema, ['owner', 'name'])).toBe(true);
  });

  it('leaves unmarked fields alone', () => {
    expect(isPersonalPath(schema, ['id'])).toBe(false);
    expect(isPersonalPath(schema, ['people', 0, 'role'])).toBe(false);
  });

  it('looks through discriminated unions', () => {
    const union = z.discriminatedUnion('k', [
      z.object({ k: z.literal('a'), secret: personal(z.string(), 'secret') }),
      z.object({ k: z.literal('b') }),
    ]);
    expect(isPersonalPath(union, ['secret'])).toBe(true);
  });
});
