import { describe, expect, it } from 'vitest';
import { checkStatement } from './allow.ts';
import { explainLines, parseExplainAst } from './ast.ts';
import { withoutQuoted } from './inspect.ts';

const policy = { database: 'onegrid', ownFormat: 'TabSeparated', otherDatabases: new Set(['system']) };

/** A tree as chDB prints it (CSV, one quoted line per node). */
function tree(lines: string[]) {
  const parsed = parseExplainAst(explainLines(lines.map((l) => `"${l.replaceAll('"', '""')}"`).join('\n')));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.root;
}

const select = (expression: string[], from: string[] = []) => [
  'SelectWithUnionQuery (children 2)',
  ' ExpressionList (children 1)',
  `  SelectQuery (children ${from.length === 0 ? 1 : 2})`,
  '   ExpressionList (children 1)',
  ...expression.map((l) => `    ${l}`),
  ...(from.length === 0
    ? []
    : [
        '   TablesInSelectQuery (children 1)',
        '    TablesInSelectQueryElement (children 1)',
        '     TableExpression (children 1)',
        ...from.map((l) => `      ${l}`),
      ]),
  ' Identifier TabSeparated',
];

describe('readonly > parseExplainAst', () => {
  it('reads CSV and TabSeparated output into the same tree', () => {
    const csv = explainLines('"Explain EXPLAIN (children 1)"\n" Identifier a""b"\n');
    const tsv = explainLines('Explain EXPLAIN (children 1)\n Identifier a"b\n');
    expect(csv).toEqual(tsv);
    expect(parseExplainAst(csv)).toMatchObject({
      ok: true,
      root: { type: 'Explain', children: [{ detail: 'a"b' }] },
    });
  });

  it('refuses a tree whose lines do not add up (a name with a line break faking a node)', () => {
    expect(parseExplainAst(['SelectQuery (children 1)', ' Identifier x', ' Identifier y'])).toMatchObject({
      ok: false,
    });
    expect(parseExplainAst(['SelectQuery (children 2)', ' Identifier x'])).toMatchObject({ ok: false });
    expect(parseExplainAst(['Function _CAST (alias x', 'y) (children 1)'])).toMatchObject({ ok: false });
  });
});

describe('readonly > checkStatement', () => {
  it('allows a SELECT of allowed functions over onegrid tables', () => {
    const root = tree(
      select(
        ['Function count (children 1)', ' ExpressionList'],
        ['TableIdentifier onegrid.alerts (alias a)'],
      ),
    );
    expect(checkStatement(root, 'SELECT count() FROM onegrid.alerts AS a', policy)).toEqual({ ok: true });
  });

  it('names what it refuses', () => {
    const refuse = (lines: string[]) => checkStatement(tree(lines), 'SELECT', policy);
    expect(
      refuse(
        select(['Function file (children 1)', ' ExpressionList (children 1)', "  Literal '/etc/passwd'"]),
      ),
    ).toEqual({
      ok: false,
      reason: "refused: the function file() (not on the analysts' list)",
    });
    expect(refuse(select(['Asterisk'], ['Function url (children 1)', ' ExpressionList']))).toMatchObject({
      reason: 'refused: the table function url()',
    });
    expect(refuse(select(['Asterisk'], ['TableIdentifier system.processes']))).toMatchObject({
      reason: 'refused: the database system (only onegrid): table system.processes',
    });
    expect(refuse(['SelectWithUnionQuery (children 2)', ' ExpressionList', ' Set'])).toMatchObject({
      reason: expect.stringMatching(/SETTINGS/),
    });
    expect(refuse(['ShowCreateTableQuery  alerts (children 1)', ' Identifier alerts'])).toMatchObject({
      reason: expect.stringMatching(/statement ShowCreateTableQuery/),
    });
  });
});

describe('readonly > withoutQuoted', () => {
  it("blanks literals and quoted names, so only the engine's keywords are left", () => {
    expect(withoutQuoted("SELECT 'a SETTINGS b', `x FORMAT y` FROM t SETTINGS readonly = 0")).toBe(
      "SELECT '', `` FROM t SETTINGS readonly = 0",
    );
    expect(withoutQuoted("SELECT 'it\\'s SETTINGS'")).toBe("SELECT ''");
  });
});
