import { describe, expect, it } from 'vitest';
import { serialise } from './clickhouse-sink.ts';

const lines = (body: string) => body.split('\n').filter((l) => l !== '');

describe('sinks > ClickHouse block body', () => {
  it('writes rows of one shape compactly: the names once, then an array of values per row', () => {
    const { format, body } = serialise([
      { meter_id: 'EM-1', ts: '2026-09-14T08:15:00+08:00', reading: 1.5, reset: false, note: null },
      { meter_id: 'EM-"2"\n', ts: '2026-09-14T08:30:00+08:00', reading: 0, reset: true, note: 'x' },
    ]);
    expect(format).toBe('JSONCompactEachRowWithNames');
    expect(lines(body).map((l) => JSON.parse(l))).toEqual([
      ['meter_id', 'ts', 'reading', 'reset', 'note'],
      ['EM-1', '2026-09-14T08:15:00+08:00', 1.5, false, null],
      ['EM-"2"\n', '2026-09-14T08:30:00+08:00', 0, true, 'x'],
    ]);
  });

  it('takes the names from the first row in any key order, reading the others by name', () => {
    const { format, body } = serialise([
      { a: 1, b: 'x' },
      { b: 'y', a: 2 },
    ]);
    expect(format).toBe('JSONCompactEachRowWithNames');
    expect(lines(body).map((l) => JSON.parse(l))).toEqual([
      ['a', 'b'],
      [1, 'x'],
      [2, 'y'],
    ]);
  });

  it('leaves out keys whose value is undefined, as JSON does', () => {
    const { format, body } = serialise([
      { a: 1, b: undefined },
      { a: 2, b: undefined },
    ]);
    expect(format).toBe('JSONCompactEachRowWithNames');
    expect(lines(body).map((l) => JSON.parse(l))).toEqual([['a'], [1], [2]]);
  });

  it('falls back to a JSON object per row when the rows differ in their keys', () => {
    const mixed = [
      [{ a: 1, b: 2 }, { a: 1 }],
      [{ a: 1 }, { a: 1, b: 2 }],
      [
        { a: 1, b: 2 },
        { a: 1, c: 3 },
      ],
      [
        { a: 1, b: undefined },
        { a: 1, b: 2 },
      ],
    ];
    for (const rows of mixed) {
      const { format, body } = serialise(rows);
      expect(format).toBe('JSONEachRow');
      expect(lines(body).map((l) => JSON.parse(l))).toEqual(rows.map((r) => JSON.parse(JSON.stringify(r))));
    }
  });

  it('writes nothing for no rows', () => {
    expect(serialise([]).body).toBe('');
  });
});
