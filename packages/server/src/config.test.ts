import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken } from './auth/tokens.ts';
import { loadServerConfig } from './config.ts';

const TOKEN = 'display-token-0123456789';

describe('server > loadServerConfig', () => {
  it('refuses to start without tokens unless auth is off', () => {
    expect(() => loadServerConfig({})).toThrow(/ONEGRID_TOKENS is unset/);
    expect(loadServerConfig({ ONEGRID_AUTH: 'off' }).auth).toEqual({ mode: 'off' });
  });

  it('reads tokens, CORS origins and feed bounds', () => {
    const config = loadServerConfig({
      ONEGRID_TOKENS: `${TOKEN}:display`,
      ONEGRID_CORS_ORIGINS: 'http://a.example, http://b.example',
      ONEGRID_FEED_SLOW_BYTES: '65536',
      ONEGRID_FEED_STALL_S: '2.5',
    });
    // Only the token's SHA-256 is kept.
    expect(config.auth).toEqual({ mode: 'on', tokens: new Map([[hashToken(TOKEN), 'display']]) });
    expect(config.corsOrigins).toEqual(['http://a.example', 'http://b.example']);
    expect(config.feed).toMatchObject({
      slowBytes: 65_536,
      stallMs: 2_500,
      flushIntervalMs: 250,
      heartbeatMs: 5_000,
    });
  });

  it('names a bad token table without showing the tokens', () => {
    const secret = 'secret-token-0123456789';
    try {
      loadServerConfig({ ONEGRID_TOKENS: `${secret}:mayor` });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain(
        'ONEGRID_TOKENS (value not shown): entry 1: unknown role "mayor"',
      );
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('names a wrong number with its value', () => {
    expect(() => loadServerConfig({ ONEGRID_AUTH: 'off', ONEGRID_FEED_SLOW_BYTES: 'lots' })).toThrow(
      /ONEGRID_FEED_SLOW_BYTES="lots": expected a byte count/,
    );
  });

  it('reads hashed tokens from a token file of mode 0600, and refuses one others can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onegrid-tokens-'));
    const file = join(dir, 'tokens');
    writeFileSync(file, `sha256:${hashToken(TOKEN)}:analyst\n`);
    chmodSync(file, 0o600);
    expect(loadServerConfig({ ONEGRID_TOKENS_FILE: file }).auth).toEqual({
      mode: 'on',
      tokens: new Map([[hashToken(TOKEN), 'analyst']]),
    });
    chmodSync(file, 0o644);
    expect(() => loadServerConfig({ ONEGRID_TOKENS_FILE: file })).toThrow(/is mode 644: expected 600/);
    expect(() => loadServerConfig({ ONEGRID_TOKENS_FILE: join(dir, 'none') })).toThrow(
      /cannot read it \(ENOENT\)/,
    );
  });
});
