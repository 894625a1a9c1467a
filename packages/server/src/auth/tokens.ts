import { z } from 'zod';
import { type Role, role } from './roles.ts';

/** Shorter tokens are guessable; the server refuses them at start-up. */
export const MIN_TOKEN_LENGTH = 16;

const token = z
  .string()
  .min(MIN_TOKEN_LENGTH, { error: `a token has at least ${MIN_TOKEN_LENGTH} characters` })
  .regex(/^[A-Za-z0-9._~-]+$/, { error: 'a token uses only letters, digits and . _ ~ -' });

const tokenTable = z
  .record(token, role)
  .refine((table) => Object.keys(table).length > 0, { error: 'at least one token' });

/**
 * Reads `ONEGRID_TOKENS`: a JSON object `{"<token>":"<role>"}` or a list `token:role,token:role`.
 * Returns the parse error as text (the config loader names the variable); never echoes a token.
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
  return { ok: true, tokens: new Map(Object.entries(parsed.data)) };
}
