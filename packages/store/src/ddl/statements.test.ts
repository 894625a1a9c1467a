import { describe, expect, it } from 'vitest';
import { parseStatement, splitTopLevel } from './statements.ts';

describe('ddl > parseStatement', () => {
  it('reads a table: columns with types, defaults and comments, and its engine', () => {
    const s = parseStatement(
      `CREATE TABLE IF NOT EXISTS t
(
    id String COMMENT 'the id, it''s opaque',
    ts DateTime64(3, 'Asia/Shanghai') COMMENT 'time' CODEC(DoubleDelta, ZSTD(1)),
    n Nullable(Float64),
    at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'stored'
)
ENGINE = ReplacingMergeTree(at, is_deleted)
ORDER BY id`,
    );
    expect(s.kind).toBe('create_table');
    if (s.kind !== 'create_table') return;
    expect(s.name).toBe('t');
    expect(s.engine).toBe('ReplacingMergeTree');
    expect(s.engineArgs).toBe('at, is_deleted');
    expect(s.columns).toEqual([
      { name: 'id', type: 'String', defaulted: false, comment: "the id, it's opaque" },
      { name: 'ts', type: "DateTime64(3, 'Asia/Shanghai')", defaulted: false, comment: 'time' },
      { name: 'n', type: 'Nullable(Float64)', defaulted: false, comment: '' },
      { name: 'at', type: "DateTime64(3, 'UTC')", defaulted: true, comment: 'stored' },
    ]);
  });

  it('names the target of a materialized view and the object of other statements', () => {
    expect(parseStatement('CREATE MATERIALIZED VIEW IF NOT EXISTS a_mv TO a AS SELECT 1')).toMatchObject({
      kind: 'create_materialized_view',
      name: 'a_mv',
      to: 'a',
    });
    expect(parseStatement('CREATE OR REPLACE VIEW v AS SELECT 1')).toMatchObject({ kind: 'create_view' });
    expect(parseStatement("ALTER TABLE x MODIFY COMMENT 'c'")).toMatchObject({
      kind: 'alter_table',
      name: 'x',
    });
    expect(parseStatement('INSERT INTO d (a) VALUES (1)')).toMatchObject({ kind: 'insert', name: 'd' });
    expect(parseStatement('SELECT 1')).toMatchObject({ kind: 'other' });
  });
});

describe('ddl > splitTopLevel', () => {
  it('ignores commas inside parentheses and strings', () => {
    expect(splitTopLevel("a Tuple(x, y), b String COMMENT 'p, q', c")).toEqual([
      'a Tuple(x, y)',
      "b String COMMENT 'p, q'",
      'c',
    ]);
  });
});
