import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-exec-argv.ts';

describe('workerExecArgv', () => {
  it("drops --input-type, which stops a file entry's worker, and keeps every other flag", () => {
    expect(
      workerExecArgv([
        '--input-type=module',
        '--expose-gc',
        '--max-old-space-size=3072',
        '--input-type',
        'module',
      ]),
    ).toEqual(['--expose-gc', '--max-old-space-size=3072']);
  });
});
