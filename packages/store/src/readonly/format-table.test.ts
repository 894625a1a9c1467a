import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.ts';

describe('readonly > formatTable', () => {
  it('aligns columns, counting Chinese characters as two wide, and prints NULL', () => {
    expect(
      formatTable(
        [{ name: 'code' }, { name: 'name' }, { name: 'n' }],
        [
          { code: '310101', name: '黄浦区', n: 1 },
          { code: '310104', name: null, n: 22 },
        ],
      ),
    ).toBe(['code    name    n', '------  ------  --', '310101  黄浦区  1', '310104  NULL    22'].join('\n'));
  });
});
