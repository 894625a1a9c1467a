import { describe, expect, it } from 'vitest';
import { parseTokens } from './tokens.ts';

const A = 'a'.repeat(16);
const B = 'b-token-0123456789';

describe('auth > parseTokens', () => {
  it('reads a JSON object of token to role', () => {
    const parsed = parseTokens(JSON.stringify({ [A]: 'display', [B]: 'analyst' }));
    expect(parsed).toEqual({
      ok: true,
      tokens: new Map([
        [A, 'display'],
        [B, 'analyst'],
      ]),
    });
  });

  it('reads a token:role list', () => {
    const parsed = parseTokens(` ${A}:leader , ${B}:duty_officer `);
    expect(parsed).toEqual({
      ok: true,
      tokens: new Map([
        [A, 'leader'],
        [B, 'duty_officer'],
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
});
