/** A result as a plain-text table for a terminal: a header, a rule, one line per row. */
export function formatTable(
  columns: readonly { readonly name: string }[],
  rows: readonly Record<string, unknown>[],
  maxWidth = 60,
): string {
  const cell = (v: unknown) => {
    const text =
      v === null || v === undefined ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
  };
  const names = columns.map((c) => c.name);
  const body = rows.map((row) => names.map((n) => cell(row[n])));
  // East Asian characters take two terminal columns.
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffdc]/.test(ch) ? 2 : 1), 0);
  const widths = names.map((n, i) => Math.max(width(n), ...body.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c)))
      .join('  ')
      .trimEnd();
  return [line(names), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
