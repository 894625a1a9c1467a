/**
 * The syntax tree ClickHouse prints for `EXPLAIN AST <statement>`: one node a line, indented one
 * space per level, `Type details (children N)`. The analyst's statement is judged on this tree (the
 * engine's own parse), never on the text the analyst typed.
 */
export interface AstNode {
  /** `SelectQuery`, `Function`, `TableIdentifier`, … */
  readonly type: string;
  /** What follows the type on its line, without `(children N)`: a function's or table's name, a literal. */
  readonly detail: string;
  readonly children: readonly AstNode[];
}

export type AstParse = { ok: true; root: AstNode } | { ok: false; reason: string };

interface Line {
  readonly depth: number;
  readonly type: string;
  readonly detail: string;
  readonly declared: number;
}

const LINE = /^( *)([A-Za-z_][A-Za-z0-9_]*)(?: (.*))?$/s;
const CHILDREN = / \(children (\d+)\)$/;

/**
 * Builds the tree from the engine's output and checks it against itself: every node must have
 * exactly the children its line declares, and there must be one root. A name with a line break in
 * it (a quoted identifier) could otherwise fake a line; such a tree does not add up and is refused.
 */
export function parseExplainAst(lines: readonly string[]): AstParse {
  const parsed: Line[] = [];
  for (const [i, text] of lines.entries()) {
    const count = CHILDREN.exec(text);
    const m = LINE.exec(count === null ? text : text.slice(0, count.index));
    if (m === null) return { ok: false, reason: `the engine's syntax tree has an unreadable line ${i + 1}` };
    parsed.push({
      depth: m[1]?.length ?? 0,
      type: m[2] ?? '',
      detail: m[3] ?? '',
      declared: count === null ? 0 : Number(count[1]),
    });
  }
  let at = 0;
  const build = (depth: number): AstNode | string => {
    const line = parsed[at];
    if (line === undefined || line.depth !== depth) return 'the syntax tree does not add up';
    at += 1;
    const children: AstNode[] = [];
    for (let k = 0; k < line.declared; k += 1) {
      const child = build(depth + 1);
      if (typeof child === 'string') return child;
      children.push(child);
    }
    return { type: line.type, detail: line.detail, children };
  };
  const root = build(0);
  if (typeof root === 'string') return { ok: false, reason: root };
  if (at !== parsed.length)
    return { ok: false, reason: 'the syntax tree does not add up (more than one root)' };
  return { ok: true, root };
}

/**
 * The lines of `EXPLAIN AST`'s one column, as the engine sent them: chDB writes its default format
 * (CSV: each line in double quotes, `"` doubled, a line break kept inside the quotes); a server
 * writes TabSeparated (`\n`, `\t`, `\\`, `\'` escaped).
 */
export function explainLines(output: string): string[] {
  const text = output.replace(/\n$/, '');
  if (text === '') return [];
  if (!text.startsWith('"')) return text.split('\n').map(unescapeTsv);
  const lines: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unexpected CSV at ${i}`);
    let value = '';
    i += 1;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) throw new Error('unterminated CSV field');
      value += text.slice(i, q);
      if (text[q + 1] === '"') {
        value += '"';
        i = q + 2;
      } else {
        i = q + 1;
        break;
      }
    }
    lines.push(value);
    if (text[i] === '\n') i += 1;
  }
  return lines;
}

function unescapeTsv(line: string): string {
  return line.replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[c] ?? c);
}
