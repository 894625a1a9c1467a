import type { ColumnInfo, DatabaseDescription, TableInfo } from './describe.ts';

/**
 * The table a view or dictionary takes its columns from, for columns it does not comment itself:
 * `gauges_current` → `gauges`, `gauge_dict` → `gauges`.
 */
export function sourceTableOf(name: string): string | undefined {
  if (name.endsWith('_current')) return name.slice(0, -'_current'.length);
  if (name.endsWith('_dict')) return `${name.slice(0, -'_dict'.length)}s`;
  return undefined;
}

/** Each column with its own comment, or the one of the same column in its source table. */
export function commentedColumns(db: DatabaseDescription): ColumnInfo[] {
  const own = new Map(db.columns.map((c) => [`${c.table}.${c.name}`, c.comment]));
  return db.columns.map((c) => {
    if (c.comment !== '') return c;
    const source = sourceTableOf(c.table);
    return { ...c, comment: (source === undefined ? undefined : own.get(`${source}.${c.name}`)) ?? '' };
  });
}

const ROLE_ORDER = ['raw', 'registry', 'output', 'derived', 'rollup', 'view', 'dictionary', 'other'] as const;
type Role = (typeof ROLE_ORDER)[number];

const ROLES: Record<Role, string> = {
  raw: 'Raw tables: one row per input message',
  registry: 'Registries (reference data, no personal data)',
  output: 'What onegrid publishes, and dead letters',
  derived: 'Derived tables written by processors',
  rollup: 'Rollup tables filled by materialized views (read them through the views)',
  view: 'Views',
  dictionary: 'Dictionaries (name things in queries: dictGet)',
  other: 'Other',
};

const RAW = new Set([
  'meter_readings',
  'weather_observations',
  'water_levels',
  'ticket_events',
  'evacuation_events',
  'resource_events',
  'late_events',
]);
const REGISTRY = new Set(['households', 'gauges', 'stations', 'shelters', 'districts']);
const OUTPUT = new Set(['alerts', 'risk_scores', 'dead_letters']);
const DERIVED = new Set([
  'household_usage_hourly',
  'tickets',
  'ticket_summons',
  'utility_state_snapshots',
  'utility_snapshots_by_partition',
]);

function roleOf(t: TableInfo): Role {
  if (RAW.has(t.name)) return 'raw';
  if (REGISTRY.has(t.name)) return 'registry';
  if (OUTPUT.has(t.name)) return 'output';
  if (DERIVED.has(t.name)) return 'derived';
  if (t.engine === 'AggregatingMergeTree') return 'rollup';
  if (t.engine === 'View') return 'view';
  if (t.engine === 'Dictionary') return 'dictionary';
  return 'other';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The data dictionary as Markdown, from what the database says about itself. */
export function renderDataDictionary(db: DatabaseDescription): string {
  const columns = commentedColumns(db);
  const lines = [
    '# onegrid data dictionary',
    '',
    '<!-- Generated from the COMMENT clauses of packages/store/migrations by',
    '     `node packages/store/src/cli/data-dictionary.ts`. Do not edit: change the migrations. -->',
    '',
    'Database `onegrid` (ClickHouse). Times are `Asia/Shanghai` unless a type says `UTC`. A text field a',
    "message leaves out is `''`; a number it leaves out is `NULL`. Tables written by processors are",
    'ReplacingMergeTree: a replayed row replaces the old one at merge time, so read them with `FINAL`',
    '(or through the views, which do). Materialized views are skipped here: they only feed the rollup',
    'tables. The cookbook (`packages/store/cookbook/`) shows each table in use.',
    '',
  ];
  const visible = db.tables.filter((t) => t.engine !== 'MaterializedView');
  for (const role of ROLE_ORDER) {
    const tables = visible.filter((t) => roleOf(t) === role);
    if (tables.length === 0) continue;
    lines.push(`## ${ROLES[role]}`, '');
    for (const t of tables) {
      lines.push(`### \`${t.name}\``, '', cell(t.comment), '');
      const keys = [
        `engine ${t.engine}`,
        t.partitionKey === '' ? '' : `partition by \`${t.partitionKey}\``,
        t.sortingKey === '' ? '' : `order by \`${t.sortingKey}\``,
      ].filter((k) => k !== '');
      lines.push(`_${keys.join(' · ')}_`, '', '| column | type | meaning |', '| --- | --- | --- |');
      for (const c of columns.filter((x) => x.table === t.name)) {
        lines.push(`| \`${c.name}\` | \`${cell(c.type)}\` | ${cell(c.comment)} |`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * Markdown with table cells trimmed and rule rows reduced to `---`, so that a formatter's column
 * alignment does not count as a change.
 */
export function normalizeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line.trimEnd();
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      return cells.map((c) => (/^:?-+:?$/.test(c) ? '---' : c)).join('|');
    })
    .join('\n');
}
