import type { ClickHouseClient } from '@clickhouse/client';
import { checkStatement, type Verdict } from './allow.ts';
import { explainLines, parseExplainAst } from './ast.ts';
import type { QueryParams } from './params.ts';

/** Longest statement the parser is handed: hostile text is bounded before the engine sees it. */
export const MAX_SQL_CHARS = 20_000;

/**
 * Bounds on the engine's parser for the analyst's text: depth of nesting, backtracking, size and
 * seconds. Passed as the formatting query's own settings, so they never outlive it.
 */
export const PARSER_BOUNDS =
  'SETTINGS max_parser_depth = 200, max_parser_backtracks = 200000, max_query_size = 65536, max_execution_time = 5, readonly = 1';

const OWN_FORMAT = 'TabSeparated';

export type Inspection = { ok: true; canonical: string } | { ok: false; reason: string };

/**
 * Asks the engine to parse the analyst's statement, never to run it: first as a bound string to
 * formatQuerySingleLine (one statement, no comments, canonical text; a syntax error or a second
 * statement is the engine's own error, thrown), then `EXPLAIN AST` of that canonical text with the
 * query's parameters bound (so an `{x:Identifier}` parameter is judged as the table it names).
 * The tree must pass the allow-list (allow.ts).
 */
export async function inspectStatement(
  client: ClickHouseClient,
  text: string,
  params: QueryParams | undefined,
): Promise<Inspection> {
  if (text.length > MAX_SQL_CHARS)
    return {
      ok: false,
      reason: `refused: a statement of ${text.length} characters (at most ${MAX_SQL_CHARS})`,
    };
  const canonical = await formatStatement(client, text);
  // Named before the tree is asked for: a SETTINGS clause of the analyst's would apply to the
  // EXPLAIN itself (a result limit, a format setting), so it never reaches the engine.
  const bare = withoutQuoted(canonical);
  if (/ INTO OUTFILE /.test(bare))
    return { ok: false, reason: 'refused: INTO OUTFILE: a query may not write a file' };
  if (/ SETTINGS /.test(bare))
    return { ok: false, reason: "refused: a SETTINGS clause: settings are the server's, not the query's" };
  if (/ FORMAT /.test(bare))
    return { ok: false, reason: 'refused: a FORMAT clause: the server picks the format' };
  const explained = await client.query({
    query: `EXPLAIN AST ${canonical}`,
    format: OWN_FORMAT,
    ...(params === undefined ? {} : { query_params: params }),
  });
  const tree = parseExplainAst(explainLines(await explained.text()));
  if (!tree.ok) return { ok: false, reason: `refused: ${tree.reason}` };
  const { current, others } = await databases(client);
  const verdict: Verdict = checkStatement(tree.root, canonical, {
    database: current,
    ownFormat: OWN_FORMAT,
    otherDatabases: others,
  });
  return verdict.ok ? { ok: true, canonical } : verdict;
}

async function formatStatement(client: ClickHouseClient, text: string): Promise<string> {
  const result = await client.query({
    query: `SELECT formatQuerySingleLine({statement:String}) AS statement ${PARSER_BOUNDS}`,
    query_params: { statement: text },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ statement: string }>();
  return row?.statement ?? '';
}

/** onegrid's database (the client's current one) and every other the engine has. */
async function databases(client: ClickHouseClient): Promise<{ current: string; others: Set<string> }> {
  const result = await client.query({
    query: 'SELECT currentDatabase() AS current, groupArray(name) AS names FROM system.databases',
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ current: string; names: string[] }>();
  const current = row?.current ?? '';
  const names = [...(row?.names ?? []), 'system', 'information_schema', 'default'].map((n) =>
    n.toLowerCase(),
  );
  return { current, others: new Set(names.filter((n) => n !== current.toLowerCase())) };
}

/** The canonical text with its string literals and quoted names blanked, so keywords are the engine's. */
export function withoutQuoted(canonical: string): string {
  return canonical.replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g, (m) =>
    m.charAt(0).repeat(2),
  );
}
