import { describe, expect, it } from 'vitest';
import { commentedColumns, normalizeMarkdown, renderDataDictionary, sourceTableOf } from './render.ts';

const db = {
  tables: [
    {
      name: 'gauges',
      engine: 'ReplacingMergeTree',
      comment: 'Gauges. Grain: one row per gauge.',
      partitionKey: '',
      sortingKey: 'gauge_id',
    },
    { name: 'gauge_dict', engine: 'Dictionary', comment: 'Gauge names.', partitionKey: '', sortingKey: '' },
    { name: 'x_mv', engine: 'MaterializedView', comment: '', partitionKey: '', sortingKey: '' },
  ],
  columns: [
    { table: 'gauges', name: 'gauge_id', type: 'String', comment: 'Gauge id.' },
    { table: 'gauge_dict', name: 'gauge_id', type: 'String', comment: '' },
  ],
};

describe('docs > data dictionary', () => {
  it('takes a view or dictionary column comment from its source table', () => {
    expect(sourceTableOf('gauges_current')).toBe('gauges');
    expect(sourceTableOf('gauge_dict')).toBe('gauges');
    expect(commentedColumns(db)[1]?.comment).toBe('Gauge id.');
  });

  it('renders each table with its keys and columns, skipping materialized views', () => {
    const text = renderDataDictionary(db);
    expect(text).toContain(
      '### `gauges`\n\nGauges. Grain: one row per gauge.\n\n_engine ReplacingMergeTree · order by `gauge_id`_',
    );
    expect(text).toContain('| `gauge_id` | `String` | Gauge id. |');
    expect(text).not.toContain('x_mv');
  });

  it('ignores table alignment when comparing', () => {
    expect(normalizeMarkdown('| a   | b |\n| --- | - |')).toBe(normalizeMarkdown('| a | b |\n| --- | --- |'));
  });
});
