/**
 * ClickHouse's TabSeparated text for fixed-shape rows (issue 17): the engine parses it in about
 * three quarters of the CPU of JSONCompactEachRow on the raw meter rows (docs/measurements.md,
 * "chain: the sinks' insert"), and building it costs the thread no more than the JSON. chDB's
 * connection takes an insert body as text only (no RowBinary), so this is the cheapest it reads.
 */

const SPECIAL = /[\t\n\r\\]/;
const SPECIALS = /[\t\n\r\\]/g;
const ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/**
 * A string as a TabSeparated field: tab, newline, carriage return and backslash escaped, so any
 * text an id may hold (the contracts allow any 1–128 characters) lands as it was sent (a lone
 * UTF-16 surrogate, not text, becomes U+FFFD; the JSON body refused its block), and a value `\N`
 * stays text (escaped to `\\N`), not NULL.
 */
export function tsvString(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c] as string) : value;
}

/**
 * Epoch milliseconds as a TabSeparated `DateTime64(3)` field: seconds with the milliseconds as a
 * decimal fraction (an integer there would be read as seconds, not ms). Exact for whole ms, and
 * read as Unix time only with 9 or 10 integer digits (1973-03-03 to 2286-11-20): the caller sends
 * other times another way (meter-row.ts).
 */
export const tsvEpochMs = (ms: number): string => String(ms / 1000);
