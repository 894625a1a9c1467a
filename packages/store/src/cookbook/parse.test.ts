import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCookbookDir, readCookbook } from './files.ts';
import { parseCookbookEntry } from './parse.ts';

describe('cookbook > parseCookbookEntry', () => {
  it('reads the header and the parameters the SQL uses', () => {
    const entry = parseCookbookEntry(
      '01_x',
      `-- question: How wet?
-- 问题: 多湿?
-- params: as_of = now
-- columns: a, b
SELECT {as_of:DateTime64(3, 'Asia/Shanghai')} AS a, {n:UInt32} + {n:UInt32} AS b`,
    );
    expect(entry).toMatchObject({
      question: 'How wet?',
      questionZh: '多湿?',
      columns: ['a', 'b'],
      params: [
        { name: 'as_of', type: "DateTime64(3, 'Asia/Shanghai')" },
        { name: 'n', type: 'UInt32' },
      ],
    });
    expect(entry.sql.startsWith('SELECT')).toBe(true);
  });

  it('refuses a file without its Chinese question or with two statements', () => {
    expect(() => parseCookbookEntry('x', '-- question: q\n-- columns: a\nSELECT 1')).toThrow(/问题/);
    expect(() =>
      parseCookbookEntry('x', '-- question: q\n-- 问题: q\n-- columns: a\nSELECT 1; SELECT 2'),
    ).toThrow(/one statement/);
  });
});

describe('cookbook > readCookbook', () => {
  it('holds at least fifteen questions, each asked in English and Chinese', async () => {
    const entries = await readCookbook();
    expect(entries.length).toBeGreaterThanOrEqual(15);
    for (const e of entries) {
      expect(e.questionZh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.columns.length).toBeGreaterThan(0);
    }
  });

  it('lists every question in the cookbook README', async () => {
    const readme = await readFile(path.join(defaultCookbookDir, 'README.md'), 'utf8');
    for (const e of await readCookbook()) expect(readme).toContain(`[${e.name}](${e.name}.sql)`);
  });
});
