import { describe, expect, it } from 'vitest';
import {
  contentTypeOf,
  secondStatementAt,
  setupStatement,
  stringLiteral,
  trailingFormat,
} from './sql-text.ts';

describe('stringLiteral', () => {
  it('escapes backslashes and quotes so the value stays one literal', () => {
    expect(stringLiteral("it's a \\ test")).toBe("'it\\'s a \\\\ test'");
  });
});

describe('setupStatement', () => {
  it('selects the database, then sets every setting with readonly last', () => {
    expect(
      setupStatement('onegrid', { readonly: '1', max_result_rows: '5', insert_deduplication_token: "a'b" }),
    ).toBe("USE onegrid; SET max_result_rows = '5', insert_deduplication_token = 'a\\'b', readonly = '1'");
  });

  it('is empty when there is nothing to prepare', () => {
    expect(setupStatement(undefined, {})).toBe('');
  });
});

describe('secondStatementAt', () => {
  it('finds a second statement', () => {
    expect(secondStatementAt('SELECT 1; DROP TABLE t')).toBe(10);
  });

  it('allows one statement with a trailing semicolon, comments and blanks', () => {
    expect(secondStatementAt('SELECT 1;\n  -- done\n')).toBe(-1);
    expect(secondStatementAt('SELECT 1; /* done */ ;')).toBe(-1);
  });

  it('ignores semicolons in strings, quoted names and comments', () => {
    expect(secondStatementAt('SELECT \';\' AS `a;b`, "c;d" -- x; y\nFROM t # z; w\n')).toBe(-1);
    expect(secondStatementAt("SELECT 'it\\'s; fine', 'a'';b'")).toBe(-1);
  });

  it("stops at an INSERT's FORMAT: the rest is data", () => {
    expect(secondStatementAt('INSERT INTO t FORMAT CSV\n1;2\n3;4')).toBe(-1);
    expect(secondStatementAt("INSERT INTO t VALUES (';'); SELECT 1")).toBe(28);
  });
});

describe('trailingFormat', () => {
  it('reads the FORMAT a statement ends with', () => {
    expect(trailingFormat('SELECT 1 \nFORMAT JSONEachRow')).toBe('JSONEachRow');
    expect(trailingFormat('SELECT 1 FORMAT JSON SETTINGS max_threads = 1;')).toBe('JSON');
    expect(trailingFormat('SELECT 1')).toBeUndefined();
  });
});

describe('contentTypeOf', () => {
  it('names the content type of common formats', () => {
    expect(contentTypeOf('JSONEachRow')).toBe('application/x-ndjson; charset=UTF-8');
    expect(contentTypeOf('JSON')).toBe('application/json; charset=UTF-8');
    expect(contentTypeOf('TabSeparated')).toBe('text/tab-separated-values; charset=UTF-8');
    expect(contentTypeOf('Parquet')).toBe('application/octet-stream');
  });
});
