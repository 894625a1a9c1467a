/**
 * A reader for the statements of onegrid's own migration files, enough to generate the cluster
 * variant, check row mappers against the tables, and document columns. It understands the
 * shapes the migrations use (each statement starts with its verb and names one object), not all
 * of ClickHouse SQL; anything else is classified `other` and passed through untouched.
 */

export interface ColumnDef {
  readonly name: string;
  readonly type: string;
  /** True when the column has a DEFAULT/MATERIALIZED/ALIAS expression (a row may leave it out). */
  readonly defaulted: boolean;
  readonly comment: string;
}

export type Statement =
  | {
      readonly kind: 'create_table';
      readonly name: string;
      readonly columns: readonly ColumnDef[];
      /** Engine name, e.g. `ReplacingMergeTree`. */
      readonly engine: string;
      /** Engine arguments without the parentheses ('' when none). */
      readonly engineArgs: string;
      readonly sql: string;
    }
  | {
      readonly kind: 'create_materialized_view';
      readonly name: string;
      readonly to: string;
      readonly sql: string;
    }
  | { readonly kind: 'create_view'; readonly name: string; readonly sql: string }
  | { readonly kind: 'create_dictionary'; readonly name: string; readonly sql: string }
  | { readonly kind: 'alter_table'; readonly name: string; readonly sql: string }
  | { readonly kind: 'insert'; readonly name: string; readonly sql: string }
  /** CREATE ROLE / SETTINGS PROFILE / QUOTA and GRANT: a server's access control (none on chDB). */
  | { readonly kind: 'access'; readonly sql: string }
  | { readonly kind: 'other'; readonly sql: string };

const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS (\w+)\s*\(/;
const CREATE_MV = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+) TO (\w+)\s/;
const CREATE_VIEW = /^CREATE OR REPLACE VIEW (\w+)\s/;
const CREATE_DICTIONARY = /^CREATE DICTIONARY IF NOT EXISTS (\w+)\s/;
const ALTER_TABLE = /^ALTER TABLE (\w+)\s/;
const INSERT = /^INSERT INTO (\w+)\s/;
const ACCESS = /^(CREATE (ROLE|SETTINGS PROFILE|QUOTA) IF NOT EXISTS \w+|ALTER SETTINGS PROFILE \w+|GRANT)\b/;
const ENGINE = /^\s*ENGINE\s*=\s*(\w+)(?:\(([^)]*)\))?/;

export function parseStatement(sql: string): Statement {
  let m = CREATE_TABLE.exec(sql);
  if (m?.[1] !== undefined) {
    const open = sql.indexOf('(');
    const close = matchingParen(sql, open);
    const engine = ENGINE.exec(sql.slice(close + 1));
    return {
      kind: 'create_table',
      name: m[1],
      columns: splitTopLevel(sql.slice(open + 1, close)).map(parseColumn),
      engine: engine?.[1] ?? '',
      engineArgs: engine?.[2]?.trim() ?? '',
      sql,
    };
  }
  m = CREATE_MV.exec(sql);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    return { kind: 'create_materialized_view', name: m[1], to: m[2], sql };
  }
  m = CREATE_VIEW.exec(sql);
  if (m?.[1] !== undefined) return { kind: 'create_view', name: m[1], sql };
  m = CREATE_DICTIONARY.exec(sql);
  if (m?.[1] !== undefined) return { kind: 'create_dictionary', name: m[1], sql };
  m = ALTER_TABLE.exec(sql);
  if (m?.[1] !== undefined) return { kind: 'alter_table', name: m[1], sql };
  m = INSERT.exec(sql);
  if (m?.[1] !== undefined) return { kind: 'insert', name: m[1], sql };
  if (ACCESS.test(sql)) return { kind: 'access', sql };
  return { kind: 'other', sql };
}

/** Index of the parenthesis closing the one at `open`, skipping string literals. */
export function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      i = endOfString(sql, i);
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced parenthesis from position ${open}`);
}

/** Index of the quote closing the literal opened at `start` ('' and \' are escapes). */
function endOfString(sql: string, start: number): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\') {
      i++;
    } else if (sql[i] === "'") {
      if (sql[i + 1] === "'") i++;
      else return i;
    }
  }
  throw new Error(`unterminated string literal from position ${start}`);
}

/** Splits at commas outside parentheses and string literals. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") i = endOfString(text, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = text.slice(from).trim();
  if (last !== '') parts.push(last);
  return parts;
}

const KEYWORDS = /\s(DEFAULT|MATERIALIZED|ALIAS|EPHEMERAL|COMMENT|CODEC|TTL)\b/;

function parseColumn(text: string): ColumnDef {
  const name = /^(\w+)\s+/.exec(text)?.[1] ?? '';
  const rest = text.slice(name.length).trim();
  const keyword = KEYWORDS.exec(` ${rest}`);
  const type = (keyword === null ? rest : ` ${rest}`.slice(0, keyword.index)).trim();
  const comment = /\bCOMMENT\s+'((?:[^'\\]|''|\\.)*)'/.exec(rest)?.[1] ?? '';
  return {
    name,
    type,
    defaulted: /\s(DEFAULT|MATERIALIZED|ALIAS)\s/.test(` ${rest} `),
    comment: comment.replace(/''/g, "'").replace(/\\(.)/g, '$1'),
  };
}
