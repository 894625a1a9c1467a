import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForFile } from './wait-for-file.ts';

describe('waitForFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onegrid-wait-for-file-'));
  afterEach(() => rmSync(join(dir, 'go'), { force: true }));

  it('resolves once the file exists', async () => {
    const file = join(dir, 'go');
    const waiting = waitForFile(file, { maxMs: 30_000, pollMs: 10 });
    writeFileSync(file, '');
    await expect(waiting).resolves.toBeUndefined();
  });

  it('rejects naming the file and the bound once the maximum wait passes', async () => {
    await expect(waitForFile(join(dir, 'never'), { maxMs: 50, pollMs: 10 })).rejects.toThrow(
      /never did not appear within 0\.05 s \(--events-after-max-s\); the events were not published/,
    );
  });
});
