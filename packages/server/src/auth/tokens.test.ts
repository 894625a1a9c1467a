import { describe, expect, it } from 'vitest';
import { findToken, hashToken, parseTokens } from './tokens.ts';

const A = 'a'.repeat(16);
const B = 'b-token-0123456789';

describe('auth > parseTokens', () => {
  it('reads a JSON object of token to role', () => {
    const parsed = parseTokens(JSON.stringify({ [A]: 'display', [B]: 'analyst' }));
    expect(parsed).toEqual({
      ok: true,
      tokens: new Map([
        [hashToken(A), 'display'],
        [hashToken(B), 'analyst'],
      ]),
    });
  });

  it('reads a token:role list', () => {
    const parsed = parseTokens(` ${A}:leader , ${B}:duty_officer `);
    expect(parsed).toEqual({
      ok: true,
      tokens: new Map([
        [hashToken(A), 'leader'],
        [hashToken(B), 'duty_officer'],
      ]),
    });
  });

  it('names an unknown role and a short token by position, never echoing the token', () => {
    const parsed = parseTokens(`${A}:boss,short:display`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(
      'entry 1: unknown role "boss"; roles are duty_officer, leader, analyst, display',
    );
    expect(parsed.error).toContain('entry 2: a token has at least 16 characters');
    expect(parsed.error).not.toContain('short');
  });

  it('refuses malformed input', () => {
    expect(parseTokens('{"x":')).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(parseTokens(`${A}`)).toMatchObject({ ok: false, error: 'entry 1 is not token:role' });
    expect(parseTokens('')).toMatchObject({ ok: false, error: 'at least one token' });
  });

  it('takes tokens stored as sha256:<hex> and keeps no clear token', () => {
    const parsed = parseTokens(`sha256:${hashToken(A)}:analyst,${B}:display`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...parsed.tokens.keys()]).toEqual([hashToken(A), hashToken(B)]);
    expect(JSON.stringify([...parsed.tokens])).not.toContain(B);
  });
});

describe('auth > findToken', () => {
  const parsed = parseTokens(`${A}:display,sha256:${hashToken(B)}:analyst`);
  const tokens = parsed.ok ? parsed.tokens : new Map();

  it('finds the role and position of a presented token by its hash', () => {
    expect(findToken(tokens, A)).toEqual({ role: 'display', id: 1 });
    expect(findToken(tokens, B)).toEqual({ role: 'analyst', id: 2 });
  });

  it('finds nothing for an unknown token, a prefix or the stored hash itself', () => {
    expect(findToken(tokens, 'c'.repeat(16))).toBeUndefined();
    expect(findToken(tokens, A.slice(0, 15))).toBeUndefined();
    expect(findToken(tokens, hashToken(B))).toBeUndefined();
    expect(findToken(tokens, `sha256:${hashToken(B)}`)).toBeUndefined();
  });
});
