import type { z } from 'zod';
import { ContractError, type DecodeError, type DecodeErrorCode, type FieldIssue } from './errors.ts';
import {
  clip,
  describeGot,
  expectedOf,
  fieldName,
  GOT_MAX,
  isPersonalPath,
  maskPhoneLike,
  valueAt,
} from './issues.ts';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: DecodeError };

/** At most this many issues are described per message; the reason still counts all of them. */
export const MAX_ISSUES = 20;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const parseParams = { error: expectedOf };
const BLANK = /^\s*$/;

function failure(
  code: DecodeErrorCode,
  issues: FieldIssue[],
  total = issues.length,
): { ok: false; error: DecodeError } {
  const first = issues[0]?.message ?? '$: invalid message';
  const reason = total > 1 ? `${first} (and ${total - 1} more)` : first;
  return { ok: false, error: { code, reason, issues } };
}

function issue(field: string, expected: string, got: string): FieldIssue {
  return { field, expected, got, message: `${field}: expected ${expected}, got ${got}` };
}

/** V8's JSON.parse message without its echo of the input (which may hold personal data). */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : 'unreadable JSON';
  return maskPhoneLike(clip(message.replace(/, ".*" is not valid JSON$/s, ''), GOT_MAX));
}

function invalid(schema: z.ZodType, json: unknown, zodIssues: readonly z.core.$ZodIssue[]) {
  const issues: FieldIssue[] = [];
  for (const zodIssue of zodIssues.slice(0, MAX_ISSUES)) {
    const { path } = zodIssue;
    // A field name can come from the input (a key under a catch-all), so it is cut and masked too.
    const field = maskPhoneLike(clip(fieldName(path), GOT_MAX));
    const got = describeGot(valueAt(json, path), isPersonalPath(schema, path));
    issues.push(issue(field, zodIssue.message, got));
  }
  return failure('invalid', issues, zodIssues.length);
}

/**
 * Decodes one message value (UTF-8 JSON bytes, or text) against `schema`: one `JSON.parse`, one
 * `safeParse`, and error text built only on failure. Never throws, whatever the input.
 *
 * Returns `{ ok: true, value }` (fields the schema does not name are dropped) or
 * `{ ok: false, error }` with code `empty` (null, zero bytes, whitespace), `malformed_json` (not
 * UTF-8, not JSON) or `invalid` (JSON that breaks the schema), a one-line `reason` such as
 * `wind_speed_ms: expected number ≤ 100, got 250`, and the issues field by field. A null value
 * on a compacted registry topic is a tombstone: callers check for null before decoding.
 */
export function decode<S extends z.ZodType>(
  schema: S,
  bytes: Uint8Array | string | null | undefined,
): DecodeResult<z.output<S>> {
  if (bytes === null || bytes === undefined) return failure('empty', [issue('$', 'JSON object', 'no value')]);
  if (bytes.length === 0) return failure('empty', [issue('$', 'JSON object', 'empty message')]);
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      return failure('malformed_json', [issue('$', 'UTF-8 JSON', 'bytes that are not UTF-8')]);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (BLANK.test(text)) return failure('empty', [issue('$', 'JSON object', 'only whitespace')]);
    return failure('malformed_json', [issue('$', 'JSON object', `malformed JSON (${jsonProblem(error)})`)]);
  }
  try {
    const result = schema.safeParse(json, parseParams);
    if (result.success) return { ok: true, value: result.data };
    return invalid(schema, json, result.error.issues);
  } catch (error) {
    // Not expected from zod; kept so that no input can stop the pipeline.
    const problem = error instanceof Error ? error.name : 'unknown error';
    return failure('invalid', [
      issue('$', 'a value the schema can check', `an input that raised ${problem}`),
    ]);
  }
}

/** `decode`, throwing a `ContractError` on failure. For start-up paths such as registry files. */
export function decodeOrThrow<S extends z.ZodType>(
  schema: S,
  bytes: Uint8Array | string | null | undefined,
): z.output<S> {
  const result = decode(schema, bytes);
  if (!result.ok) throw new ContractError(result.error);
  return result.value;
}
