import { z } from 'zod';

/**
 * A check of a decoded JSON value against `schema` that, when it says yes, lets the caller use
 * the value itself as the schema's output: zod's compiled validator (`validate`, which builds no
 * output) plus a walk for keys an object schema would strip. Undefined for a schema whose output
 * may differ from an accepted input in any other way (defaults, transforms, coercion, `trim`…):
 * such a schema needs zod's parse.
 *
 * Why: zod's compiled parser copies every object it accepts, an allocation per message the
 * runtime's decode paid on top of `JSON.parse` (issue 17; the copy lived as long as its fetch, so
 * V8's scavenges copied it again). A "no" says nothing final: the caller parses with zod, which
 * strips or rejects and words the reason, so accept, reject and the output stay zod's.
 */
export function inPlaceCheck<S extends z.ZodType>(
  schema: S,
): ((value: unknown) => value is z.output<S>) | undefined {
  const keys = strippedKeys(schema);
  if (keys === UNSUPPORTED) return undefined;
  const compiled = z.compile(schema);
  if (keys === NOTHING) return (value): value is z.output<S> => compiled.validate(value);
  return (value): value is z.output<S> => keys(value) && compiled.validate(value);
}

/** A walk answering whether a value holds no key its schema would strip (true = none). */
type KeyWalk = (value: unknown) => boolean;
const NOTHING = Symbol('nothing to walk');
const UNSUPPORTED = Symbol('output may differ from input');

/**
 * Checks that only validate: none changes the value (`overwrite`, i.e. trim or case mapping,
 * does; `custom` runs code of the schema's author, which zod's validator runs too but which this
 * module does not vouch for).
 */
const PURE_CHECKS: ReadonlySet<string> = new Set([
  'min_length',
  'max_length',
  'length_equals',
  'string_format',
  'greater_than',
  'less_than',
  'multiple_of',
  'number_format',
]);

interface Def {
  readonly type: string;
  readonly coerce?: boolean;
  readonly check?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string } } }[];
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function strippedKeys(schema: z.ZodType): KeyWalk | typeof NOTHING | typeof UNSUPPORTED {
  const def = defOf(schema);
  if (def.coerce === true) return UNSUPPORTED;
  if (def.check !== undefined && !PURE_CHECKS.has(def.check)) return UNSUPPORTED;
  for (const check of def.checks ?? []) if (!PURE_CHECKS.has(check._zod.def.check)) return UNSUPPORTED;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'enum':
    case 'literal':
      return NOTHING;
    case 'optional':
    case 'nullable':
      return def.innerType === undefined ? UNSUPPORTED : strippedKeys(def.innerType);
    case 'array': {
      if (def.element === undefined) return UNSUPPORTED;
      const element = strippedKeys(def.element);
      if (element === UNSUPPORTED || element === NOTHING) return element;
      return (value) => !Array.isArray(value) || value.every(element);
    }
    case 'object':
      return objectKeys(def);
    default:
      return UNSUPPORTED;
  }
}

function objectKeys(def: Def): KeyWalk | typeof NOTHING | typeof UNSUPPORTED {
  const shape = def.shape;
  if (shape === undefined) return UNSUPPORTED;
  // strip (no catchall), strict (never) and loose (unknown) differ only on keys the shape lacks.
  const catchall = def.catchall === undefined ? 'strip' : defOf(def.catchall).type;
  if (catchall !== 'strip' && catchall !== 'never' && catchall !== 'unknown') return UNSUPPORTED;
  const fields = new Map<string, KeyWalk>();
  for (const [key, field] of Object.entries(shape)) {
    const walk = strippedKeys(field);
    if (walk === UNSUPPORTED) return UNSUPPORTED;
    if (walk !== NOTHING) fields.set(key, walk);
  }
  // zod's output holds the shape's keys in the shape's order: an input in another order is copied.
  const order = new Map(Object.keys(shape).map((key, i) => [key, i]));
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
    const object = value as Record<string, unknown>;
    let last = -1;
    // for…in: own enumerable keys of a parsed object, `__proto__` included (JSON.parse makes it an
    // own key), which no shape knows.
    for (const key in object) {
      const at = order.get(key);
      // A key the shape lacks: stripped (strip), kept after the shape's (loose) or refused
      // (strict); zod decides each.
      if (at === undefined || at < last) return false;
      last = at;
      const walk = fields.get(key);
      if (walk !== undefined && !walk(object[key])) return false;
    }
    return true;
  };
}
