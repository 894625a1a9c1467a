import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inPlaceCheck } from './in-place.ts';

// Shaped as a meter reading (STREAMS.md); the runtime knows no city, so the test has its own.
const reading = z.object({
  meter_id: z.string().min(1).max(64),
  household_id: z.string().min(1).max(64),
  kind: z.enum(['water', 'electricity']),
  ts: z.iso.datetime({ offset: true }),
  reading: z.number().min(0),
  unit: z.enum(['m3', 'kWh']),
  reset: z.boolean().optional(),
});

const valid = {
  meter_id: 'EM-00000001',
  household_id: 'HH-00000001',
  kind: 'electricity',
  ts: '2026-09-14T00:15:00.000+08:00',
  reading: 1000.25,
  unit: 'kWh',
};

/** Messages as they arrive: JSON text, parsed as the codec parses it. */
const hostile: string[] = [
  JSON.stringify(valid),
  JSON.stringify({ ...valid, reset: true }),
  JSON.stringify({ ...valid, reset: 'yes' }),
  JSON.stringify({ ...valid, extra: 'x'.repeat(10_000) }),
  JSON.stringify({ ...valid, reading: -1 }),
  JSON.stringify({ ...valid, reading: '1000' }),
  JSON.stringify({ ...valid, meter_id: '' }),
  JSON.stringify({ ...valid, meter_id: 'x'.repeat(65) }),
  JSON.stringify({ ...valid, kind: 'gas' }),
  JSON.stringify({ ...valid, ts: '2026-09-14 00:15' }),
  JSON.stringify({ ...valid, ts: '2026-13-40T00:15:00.000+08:00' }),
  JSON.stringify({ ...valid, ts: '2026-09-14T00:15:00.000Z\n<script>' }),
  JSON.stringify({ ...valid, ts: 12345 }),
  JSON.stringify({ ...valid, unit: null }),
  JSON.stringify({ unit: 'kWh', reading: 1, ts: valid.ts, kind: 'water', household_id: 'h', meter_id: 'm' }),
  JSON.stringify({ meter_id: 'm' }),
  // `__proto__` as JSON.parse makes it: an own key, which zod strips and no shape knows.
  `{"meter_id":"m","household_id":"h","kind":"water","ts":"${valid.ts}","reading":1,"unit":"m3","__proto__":{"polluted":true}}`,
  `{"meter_id":"m","household_id":"h","kind":"water","ts":"${valid.ts}","reading":1,"unit":"m3","constructor":{"prototype":{"x":1}}}`,
  `{"meter_id":"m","meter_id":"n","household_id":"h","kind":"water","ts":"${valid.ts}","reading":1,"unit":"m3"}`,
  '[]',
  'null',
  '"text"',
  '1e999',
  '{}',
];

/** Zod's parse of the same value: what the check must agree with. */
function agrees(schema: z.ZodType, value: unknown): { fast: boolean; zodOk: boolean } {
  const check = inPlaceCheck(schema);
  if (check === undefined) throw new Error('schema unsupported');
  const fast = check(value);
  const parsed = schema.safeParse(value);
  // A yes is zod's yes with the value itself as zod's output (same keys, same order).
  if (fast) {
    expect(parsed.success).toBe(true);
    expect(JSON.stringify(parsed.data)).toBe(JSON.stringify(value));
    expect(parsed.data).toStrictEqual(value);
  }
  return { fast, zodOk: parsed.success };
}

describe('inPlaceCheck', () => {
  it('says yes only where zod accepts and its output equals the input, on hostile messages', () => {
    const answers = hostile.map((text) => agrees(reading, JSON.parse(text)));
    // valid readings in the schema's order take the fast path
    expect(answers[0]).toEqual({ fast: true, zodOk: true });
    expect(answers[1]).toEqual({ fast: true, zodOk: true });
    // a repeated key: JSON.parse keeps the last, as zod then sees it
    expect(answers[18]).toEqual({ fast: true, zodOk: true });
    // zod accepts these but its output differs (a key stripped, keys reordered): left to zod
    expect(answers[3]).toEqual({ fast: false, zodOk: true });
    expect(answers[14]).toEqual({ fast: false, zodOk: true });
    expect(answers[16]).toEqual({ fast: false, zodOk: true });
    expect(answers[17]).toEqual({ fast: false, zodOk: true });
    // what zod rejects, the check rejects
    for (const [i, answer] of answers.entries())
      if (!answer.zodOk) expect(answer.fast, hostile[i]).toBe(false);
    expect(answers.filter((a) => !a.zodOk)).toHaveLength(17);
  });

  it('walks nested objects and arrays for keys zod would strip', () => {
    const schema = z.object({
      id: z.string(),
      tags: z.array(z.object({ k: z.string() })),
      at: z.object({ n: z.number().int() }).nullable(),
    });
    expect(agrees(schema, { id: 'a', tags: [{ k: 'x' }], at: { n: 1 } }).fast).toBe(true);
    expect(agrees(schema, { id: 'a', tags: [{ k: 'x' }], at: null }).fast).toBe(true);
    expect(agrees(schema, { id: 'a', tags: [{ k: 'x', v: 1 }], at: null })).toEqual({
      fast: false,
      zodOk: true,
    });
    expect(agrees(schema, { id: 'a', tags: [], at: { n: 1, m: 2 } })).toEqual({ fast: false, zodOk: true });
    expect(agrees(schema, { id: 'a', tags: [], at: { n: 1.5 } })).toEqual({ fast: false, zodOk: false });
  });

  it('leaves strict and loose objects with other keys to zod', () => {
    expect(agrees(z.strictObject({ a: z.number() }), { a: 1 }).fast).toBe(true);
    expect(agrees(z.strictObject({ a: z.number() }), { a: 1, b: 2 })).toEqual({ fast: false, zodOk: false });
    expect(agrees(z.looseObject({ a: z.number() }), { a: 1, b: 2 })).toEqual({ fast: false, zodOk: true });
  });

  it('refuses schemas whose output may differ from an accepted input', () => {
    expect(inPlaceCheck(z.object({ a: z.string().trim() }))).toBeUndefined();
    expect(inPlaceCheck(z.object({ a: z.number().default(1) }))).toBeUndefined();
    expect(inPlaceCheck(z.object({ a: z.coerce.number() }))).toBeUndefined();
    expect(inPlaceCheck(z.object({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
    expect(inPlaceCheck(z.object({ a: z.string().refine((s) => s !== 'x') }))).toBeUndefined();
    expect(inPlaceCheck(z.object({ a: z.record(z.string(), z.number()) }))).toBeUndefined();
  });
});
