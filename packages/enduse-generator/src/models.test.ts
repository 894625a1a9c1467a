import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pythonPath } from './usage.ts';

describe('enduse > the numpy shortcuts', () => {
  it("draw what pysimdeum's own Presence, pdf and chooser draw, seed for seed", async () => {
    const { stdout } = await promisify(execFile)(
      pythonPath(),
      ['-W', 'ignore', '-m', 'onegrid_enduse.selfcheck', '8'],
      {
        env: {
          ...process.env,
          PYTHONPATH: path.resolve(import.meta.dirname, '../python'),
          MPLBACKEND: 'Agg',
        },
      },
    );
    const result = JSON.parse(stdout) as { compared: number; differed: number };
    expect(result.compared).toBeGreaterThan(80);
    expect(result.differed).toBe(0);
  }, 60_000);
});
