import type { AstNode } from './ast.ts';
import { DICTIONARY_FUNCTIONS, functionAllowed } from './functions.ts';

/**
 * What an analyst's statement may be, judged on the engine's own syntax tree (EXPLAIN AST): an
 * allow-list of statements, syntax elements, functions and tables. Everything not named is
 * refused, and the refusal names it.
 */
export interface AllowPolicy {
  /** onegrid's database: tables may be named bare or as `<database>.<table>`. */
  readonly database: string;
  /** The format the checker itself asked for: the one FORMAT the tree may carry. */
  readonly ownFormat: string;
  /** Other databases on the engine (`system`, `information_schema`, …), lower case. */
  readonly otherDatabases: ReadonlySet<string>;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Statements an analyst may run (the tree's root). */
const STATEMENTS = new Set([
  'SelectWithUnionQuery',
  'Explain',
  'DescribeQuery',
  'ShowTables',
  'ExistsTableQuery',
]);

/** Syntax elements a read may be made of. */
const ELEMENTS = new Set([
  'SelectWithUnionQuery',
  'SelectIntersectExceptQuery',
  'SelectQuery',
  'ExpressionList',
  'Function',
  'Literal',
  'Identifier',
  'TableIdentifier',
  'TablesInSelectQuery',
  'TablesInSelectQueryElement',
  'TableExpression',
  'TableJoin',
  'ArrayJoin',
  'Subquery',
  'WithElement',
  'Asterisk',
  'QualifiedAsterisk',
  'ColumnsRegexpMatcher',
  'ColumnsListMatcher',
  'QualifiedColumnsRegexpMatcher',
  'QualifiedColumnsListMatcher',
  'ColumnsTransformerList',
  'ColumnsExceptTransformer',
  'OrderByElement',
  'WindowDefinition',
  'WindowListElement',
  'SampleRatio',
  'InterpolateElement',
]);

const IN_FAMILY = new Set(['in', 'notin', 'nullin', 'notnullin']);

/** Refuses the first thing in the tree that is not allowed; `canonical` is the engine's one-line text. */
export function checkStatement(root: AstNode, canonical: string, policy: AllowPolicy): Verdict {
  if (!STATEMENTS.has(root.type))
    return refuse(
      `the statement ${describe(root)} is not allowed (only SELECT, WITH, DESCRIBE, SHOW TABLES, EXPLAIN, EXISTS)`,
    );
  const tree = withoutOwnFormat(root, policy.ownFormat);
  switch (tree.type) {
    case 'ShowTables': {
      if (!/^SHOW TABLES\b/i.test(canonical)) return refuse('of SHOW statements only SHOW TABLES is allowed');
      for (const child of tree.children) {
        if (child.type !== 'Identifier' || child.detail !== policy.database)
          return refuse(`SHOW TABLES of ${describe(child)}: only the database ${policy.database}`);
      }
      return { ok: true };
    }
    case 'ExistsTableQuery': {
      const [database = '', table = ''] = tree.detail.split(' ');
      if (database !== '' && database !== policy.database)
        return refuse(`the database ${database} (only ${policy.database})`);
      return table === '' ? refuse('EXISTS of nothing') : { ok: true };
    }
    default:
      return walk(tree, policy, undefined);
  }
}

function walk(node: AstNode, policy: AllowPolicy, parent: AstNode | undefined): Verdict {
  if (node.type === 'Set') return refuse("a SETTINGS clause: settings are the server's, not the query's");
  if (node.type === 'Explain') {
    if (parent !== undefined) return refuse('EXPLAIN inside a query');
  } else if (node.type === 'DescribeQuery') {
    if (parent !== undefined) return refuse('DESCRIBE inside a query');
  } else if (!ELEMENTS.has(node.type)) {
    return refuse(`the syntax element ${node.type}`);
  }
  if (node.type === 'SelectWithUnionQuery') {
    for (const child of node.children.slice(1)) {
      if (child.type === 'Literal') return refuse('INTO OUTFILE: a query may not write a file');
      if (child.type === 'Identifier')
        return refuse(`a FORMAT clause (FORMAT ${child.detail}): the server picks the format`);
    }
  }
  const verdict = checkNode(node, policy, parent);
  if (!verdict.ok) return verdict;
  for (const child of node.children) {
    const inner = walk(child, policy, node);
    if (!inner.ok) return inner;
  }
  return { ok: true };
}

function checkNode(node: AstNode, policy: AllowPolicy, parent: AstNode | undefined): Verdict {
  switch (node.type) {
    case 'Function': {
      const name = firstWord(node.detail);
      if (parent?.type === 'TableExpression') return refuse(`the table function ${name}()`);
      if (!functionAllowed(name)) return refuse(`the function ${name}() (not on the analysts' list)`);
      if (DICTIONARY_FUNCTIONS.has(name.toLowerCase())) return checkDictionaryArgument(node, policy);
      if (IN_FAMILY.has(name.toLowerCase())) {
        const right = node.children[0]?.children[1];
        if (right?.type === 'Identifier') return checkTable(firstWord(right.detail), policy);
      }
      return { ok: true };
    }
    case 'TableIdentifier':
      return checkTable(firstWord(node.detail), policy);
    case 'Identifier': {
      const [head, ...rest] = firstWord(node.detail).split('.');
      if (rest.length > 0 && policy.otherDatabases.has((head ?? '').toLowerCase()))
        return refuse(`the database ${head} (only ${policy.database})`);
      return { ok: true };
    }
    default:
      return { ok: true };
  }
}

function checkTable(name: string, policy: AllowPolicy): Verdict {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) return refuse(`the table name ${name}`);
  if (parts.length === 2 && parts[0] !== policy.database)
    return refuse(`the database ${parts[0]} (only ${policy.database}): table ${name}`);
  return { ok: true };
}

/** `dictGet('name', …)`: the dictionary must be onegrid's. */
function checkDictionaryArgument(node: AstNode, policy: AllowPolicy): Verdict {
  const first = node.children[0]?.children[0];
  const name =
    first?.type === 'Literal' ? /^'([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)'$/.exec(first.detail)?.[1] : undefined;
  if (name === undefined)
    return refuse(`${firstWord(node.detail)}() with a dictionary that is not a plain name`);
  return checkTable(name, policy);
}

/** Drops the FORMAT the checker's own request added (the last `Identifier <ownFormat>` child of a statement). */
function withoutOwnFormat(root: AstNode, ownFormat: string): AstNode {
  const strip = (node: AstNode): AstNode => {
    const last = node.children.at(-1);
    if (last?.type === 'Identifier' && last.detail === ownFormat)
      return { ...node, children: node.children.slice(0, -1) };
    const inner = node.children.findIndex((c) => STATEMENTS.has(c.type));
    if (node.type !== 'Explain' || inner < 0) return node;
    const children = [...node.children];
    children[inner] = strip(children[inner] as AstNode);
    return { ...node, children };
  };
  return strip(root);
}

function firstWord(detail: string): string {
  return detail.split(' (alias ')[0]?.trim() ?? '';
}

function describe(node: AstNode): string {
  return `${node.type}${node.detail === '' ? '' : ` ${node.detail}`}`;
}

function refuse(what: string): Verdict {
  return { ok: false, reason: `refused: ${what}` };
}
