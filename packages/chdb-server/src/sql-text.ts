/**
 * The little SQL this server writes or reads itself. Everything else is the engine's job.
 */

/** A ClickHouse string literal: backslash and quote escaped, so any text stays one value. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * The statement that prepares a fresh connection for one request: its database and its
 * settings. `readonly` goes last: once it is 1, no later setting could be changed.
 */
export function setupStatement(
  database: string | undefined,
  settings: Readonly<Record<string, string>>,
): string {
  const parts: string[] = [];
  if (database !== undefined) parts.push(`USE ${database}`);
  const names = Object.keys(settings).sort((a, b) => Number(a === 'readonly') - Number(b === 'readonly'));
  if (names.length > 0) {
    parts.push(`SET ${names.map((name) => `${name} = ${stringLiteral(settings[name] ?? '')}`).join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * Where a second statement starts in `sql`, or -1. A real server refuses more than one
 * statement per HTTP request while chDB would run them all; the check skips strings, quoted
 * names and comments, and stops at an INSERT's `FORMAT <name>` (what follows is data).
 */
export function secondStatementAt(sql: string): number {
  let ended = false;
  let words = 0;
  let isInsert = false;
  let previousWord = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      if (ended) return i;
      i = skipQuoted(sql, i, c);
      previousWord = '';
    } else if (c === '-' && sql[i + 1] === '-') {
      i = skipLine(sql, i);
    } else if (c === '#' && (sql[i + 1] === ' ' || sql[i + 1] === '!')) {
      i = skipLine(sql, i);
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === ';') {
      ended = true;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (ended) {
      return i;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i] as string)) i++;
      const word = sql.slice(start, i).toUpperCase();
      if (words === 0) isInsert = word === 'INSERT';
      words++;
      // After `INSERT … FORMAT Name` comes the data, which is not SQL.
      if (isInsert && previousWord === 'FORMAT') return -1;
      previousWord = word;
    } else {
      i++;
      previousWord = '';
    }
  }
  return -1;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\') i += 2;
    else if (c === quote && sql[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return i;
}

function skipLine(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end === -1 ? sql.length : end + 1;
}

/** The FORMAT a statement ends with, if any: it names the response's content type. */
export function trailingFormat(sql: string): string | undefined {
  const tail = sql.slice(-300);
  return /\bFORMAT\s+([A-Za-z][A-Za-z0-9]*)\s*(?:SETTINGS\b[^;]*)?;?\s*$/i.exec(tail)?.[1];
}

/** ClickHouse's content type for a format (HTTP clients mostly ignore it). */
export function contentTypeOf(format: string): string {
  const f = format.toLowerCase();
  if (f.startsWith('json'))
    return f.includes('eachrow') ? 'application/x-ndjson; charset=UTF-8' : 'application/json; charset=UTF-8';
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8';
  if (f.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent';
  if (
    ['native', 'rowbinary', 'parquet', 'arrow', 'arrowstream', 'orc', 'avro'].some((b) => f.startsWith(b))
  ) {
    return 'application/octet-stream';
  }
  return 'text/plain; charset=UTF-8';
}
