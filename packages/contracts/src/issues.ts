import { z } from 'zod';
import { PERSONAL_DATA } from './fields.ts';

// Turning zod issues into one-line reasons. Runs only when a message fails; nothing here is on
// the success path.

/** The longest `got` text in a reason; longer values are cut with "…". */
export const GOT_MAX = 80;
export const MASKED = '[personal data, masked]';
/** Runs of 11+ digits look like phone numbers (a mobile number has 11): never echo them. */
const PHONE_LIKE = /\+?\d{11,}/g;

const quote = (values: readonly unknown[]): string =>
  values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(' | ');

const items = (n: number | bigint): string => `${n} item${n === 1 ? '' : 's'}`;

/**
 * zod error map: phrases a built-in issue as what was expected ("number ≤ 100"). Schemas that
 * set their own `error` text ("ISO-8601 time with offset") override it; either way an issue's
 * `message` is the "expected" half of its reason.
 */
export function expectedOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' && (issue.received === 'Infinity' || issue.received === 'NaN')) {
        return 'finite number';
      }
      if (issue.expected === 'int') return 'integer';
      return issue.expected === 'record' ? 'object' : issue.expected;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${items(issue.maximum)}`;
      if (issue.origin === 'string') return `string of at most ${max} characters`;
      return `number ${issue.inclusive ? '≤' : '<'} ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') {
        return issue.minimum === 1 ? 'non-empty array' : `at least ${items(issue.minimum)}`;
      }
      if (issue.origin === 'string') {
        return issue.minimum === 1 ? 'non-empty string' : `string of at least ${min} characters`;
      }
      return `number ${issue.inclusive ? '≥' : '>'} ${min}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? quote(issue.values) : `one of ${quote(issue.values)}`;
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `string matching ${issue.pattern}` : issue.format;
    case 'invalid_union':
      if (issue.inclusive === false) return 'exactly one of the allowed shapes';
      return issue.options ? `one of ${quote(issue.options)}` : 'one of the allowed shapes';
    case 'not_multiple_of':
      return `multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `no field ${quote(issue.keys)}`;
    default:
      return 'valid value';
  }
}

/** `contacts[0].phone`; `$` for the message itself. */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name === '' ? String(segment) : `.${String(segment)}`;
  }
  return name === '' ? '$' : name;
}

/** The value at `path` in the decoded JSON, or undefined where there is none. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, segment) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return value;
}

/** Replaces phone-like digit runs, for any text that may echo input. */
export function maskPhoneLike(text: string): string {
  return text.replace(PHONE_LIKE, '[digits masked]');
}

/** `text` cut to `max` characters, ending in "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // do not split a surrogate pair
  return `${text.slice(0, end)}…`;
}

/** Compact JSON of `value`, stopping once `budget` characters are written (bounded work). */
function preview(value: unknown, budget: number): string {
  if (budget <= 0) return '…';
  if (typeof value === 'string')
    return JSON.stringify(value.length > budget ? value.slice(0, budget) : value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (out.length >= budget) return `${out}…`;
      out += `${i > 0 ? ',' : ''}${preview(value[i], budget - out.length)}`;
    }
    return `${out}]`;
  }
  let out = '{';
  for (const key in value) {
    if (out.length >= budget) return `${out}…`;
    const entry = `${JSON.stringify(key.slice(0, budget))}:`;
    out += `${out.length > 1 ? ',' : ''}${entry}${preview((value as Record<string, unknown>)[key], budget - out.length - entry.length)}`;
  }
  return `${out}}`;
}

/** What a reason says was got: `nothing`, `250`, `"2026-09-14 08:15"`, `[]`; at most GOT_MAX chars. */
export function describeGot(value: unknown, personalData: boolean): string {
  if (value === undefined) return 'nothing';
  if (personalData) return MASKED;
  return maskPhoneLike(clip(preview(value, GOT_MAX), GOT_MAX));
}

type Def = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
};

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as Def;
const isPersonal = (schema: z.core.$ZodType): boolean =>
  z.globalRegistry.get(schema)?.[PERSONAL_DATA] === true;

/** A schema and what it wraps (optional, default, pipe input, union options…). */
function expand(schema: z.core.$ZodType, into: z.core.$ZodType[]): z.core.$ZodType[] {
  into.push(schema);
  const def = defOf(schema);
  if (def.innerType) expand(def.innerType, into);
  if (def.type === 'pipe' && def.in) expand(def.in, into);
  if (def.type === 'union' && def.options) for (const option of def.options) expand(option, into);
  return into;
}

function childAt(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return (typeof segment === 'string' && def.shape?.[segment]) || def.catchall;
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/** Whether `path` is, or lies under, a field marked personal data in `schema`. */
export function isPersonalPath(schema: z.core.$ZodType, path: readonly PropertyKey[]): boolean {
  let frontier = expand(schema, []);
  for (const segment of path) {
    const next: z.core.$ZodType[] = [];
    for (const node of frontier) {
      const child = childAt(node, segment);
      if (child) expand(child, next);
    }
    if (next.some(isPersonal)) return true;
    frontier = next;
  }
  return false;
}
