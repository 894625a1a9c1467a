import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '../../../dashboards/screens');
export const screensDist = join(root, 'dist');

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs `vite build` when dist is missing or older than any source of the screens. */
export async function ensureScreensBuilt(): Promise<{ built: boolean }> {
  const sources = ['src', 'index.html', 'kpi.html', 'vite.config.ts'].map((p) => newest(join(root, p)));
  if (mtime(join(screensDist, 'index.html')) > Math.max(...sources)) return { built: false };
  await promisify(execFile)(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    timeout: 180_000,
  });
  return { built: true };
}
