import { StoreError } from '../errors.ts';

/**
 * A cookbook entry is one `.sql` file: a header of `-- key: value` lines (question, 问题,
 * params, columns), then one SELECT with `{name:Type}` query parameters.
 */
export interface CookbookEntry {
  /** File name without `.sql`, e.g. `06_rain_totals_by_district`. */
  readonly name: string;
  readonly question: string;
  readonly questionZh: string;
  /** Parameters the SQL uses, in order of first use, with their ClickHouse types. */
  readonly params: readonly { readonly name: string; readonly type: string }[];
  /** What the header says about the parameters. */
  readonly paramsDoc: string;
  /** Result columns, in order, as the header documents them. */
  readonly columns: readonly string[];
  readonly sql: string;
}

const PARAM = /\{(\w+):([^}]+)\}/g;

export class CookbookFormatError extends StoreError {
  constructor(message: string) {
    super('COOKBOOK_INVALID', message);
  }
}

export function parseCookbookEntry(name: string, text: string): CookbookEntry {
  const header = new Map<string, string>();
  const body: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^--\s*([^:]+):\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined && body.length === 0) header.set(m[1].trim(), (m[2] ?? '').trim());
    else if (line.trim() !== '' || body.length > 0) body.push(line);
  }
  const need = (key: string) => {
    const value = header.get(key);
    if (value === undefined || value === '')
      throw new CookbookFormatError(`${name}.sql: header lacks "-- ${key}:"`);
    return value;
  };
  const sql = body.join('\n').trim();
  if (sql.includes(';')) throw new CookbookFormatError(`${name}.sql: one statement, without ';'`);
  const params = new Map<string, string>();
  for (const m of sql.matchAll(PARAM)) {
    const [, param, type] = m;
    if (param === undefined || type === undefined) continue;
    const known = params.get(param);
    if (known !== undefined && known !== type) {
      throw new CookbookFormatError(`${name}.sql: {${param}} used as ${known} and as ${type}`);
    }
    params.set(param, type);
  }
  return {
    name,
    question: need('question'),
    questionZh: need('问题'),
    paramsDoc: header.get('params') ?? '',
    params: [...params].map(([param, type]) => ({ name: param, type })),
    columns: need('columns')
      .split(',')
      .map((c) => c.trim()),
    sql,
  };
}
