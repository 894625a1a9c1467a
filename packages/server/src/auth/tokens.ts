import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type Role, role } from './roles.ts';

/** Shorter tokens are guessable; the server refuses them at start-up. */
export const MIN_TOKEN_LENGTH = 16;

/** How a token is stored: `sha256:` and the hex SHA-256 of the token. */
const HASHED = /^sha256:([0-9a-f]{64})$/;

const token = z.string().superRefine((key, ctx) => {
  if (HASHED.test(key)) return;
  if (key.length < MIN_TOKEN_LENGTH)
    ctx.addIssue({ code: 'custom', message: `a token has at least ${MIN_TOKEN_LENGTH} characters` });
  else if (!/^[A-Za-z0-9._~-]+$/.test(key))
    ctx.addIssue({
      code: 'custom',
      message: 'a token uses only letters, digits and . _ ~ - (or is sha256:<hex>)',
    });
});

const tokenTable = z
  .record(token, role)
  .refine((table) => Object.keys(table).length > 0, { error: 'at least one token' });

/** The hex SHA-256 of a token: what the configuration stores and the server keeps. */
export function hashToken(clear: string): string {
  return createHash('sha256').update(clear, 'utf8').digest('hex');
}

/**
 * The role of a presented token, or undefined. Compares its SHA-256 with every stored one in
 * constant time and without stopping at a match, so neither the timing nor the table leak a token.
 * `id` is the entry's position (1-based), for logs and rate-limit keys.
 */
export function findToken(
  tokens: ReadonlyMap<string, Role>,
  presented: string,
): { role: Role; id: number } | undefined {
  const digest = Buffer.from(hashToken(presented), 'hex');
  let found: { role: Role; id: number } | undefined;
  let id = 0;
  for (const [stored, who] of tokens) {
    id += 1;
    if (timingSafeEqual(digest, Buffer.from(stored, 'hex')) && found === undefined) found = { role: who, id };
  }
  return found;
}

/**
 * Reads `ONEGRID_TOKENS` (or the token file): a JSON object `{"<token>":"<role>"}` or a list
 * `token:role,token:role`, where a token is `sha256:<hex>` (stored hashed, as it should be) or
 * the token itself (development: hashed at once). The result maps each token's hex SHA-256 to its
 * role; no clear token is kept. Returns the parse error as text; never echoes a token.
 */
export function parseTokens(
  text: string,
): { ok: true; tokens: Map<string, Role> } | { ok: false; error: string } {
  const trimmed = text.trim();
  let raw: unknown;
  if (trimmed.startsWith('{')) {
    try {
      raw = JSON.parse(trimmed);
    } catch {
      return { ok: false, error: 'not valid JSON (expected {"<token>":"<role>"} or token:role,token:role)' };
    }
  } else {
    const pairs: [string, string][] = [];
    for (const item of trimmed
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      const at = item.lastIndexOf(':');
      if (at <= 0) return { ok: false, error: `entry ${pairs.length + 1} is not token:role` };
      pairs.push([item.slice(0, at), item.slice(at + 1)]);
    }
    raw = Object.fromEntries(pairs);
  }
  const parsed = tokenTable.safeParse(raw);
  if (!parsed.success) {
    // Issue paths are tokens: report the entry's position instead of the secret.
    const keys = raw !== null && typeof raw === 'object' ? Object.keys(raw) : [];
    const reasons = parsed.error.issues.map((issue) => {
      const at = issue.path.length > 0 ? keys.indexOf(String(issue.path[0])) + 1 : 0;
      const message =
        issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return at > 0 ? `entry ${at}: ${message}` : message;
    });
    return { ok: false, error: reasons.join('; ') };
  }
  const hashed = Object.entries(parsed.data).map(([key, who]): [string, Role] => [
    HASHED.exec(key)?.[1] ?? hashToken(key),
    who,
  ]);
  return { ok: true, tokens: new Map(hashed) };
}
