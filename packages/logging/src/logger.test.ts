import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('logging > createLogger', () => {
  it('writes every line as JSON into ONEGRID_LOG_FILE, personal data redacted', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'onegrid-log-')), 'demo', 'app.log');
    const logger = createLogger('test', 'info', { tty: false, file });
    logger.info({ phone: '+8613800000000', n: 1 }, 'first');
    logger.debug('below the level');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    await expect.poll(() => lines(file).length).toBe(1);
    expect(lines(file)[0]).toMatchObject({ name: 'test', msg: 'first', n: 1, phone: '[personal]' });
  });
});
