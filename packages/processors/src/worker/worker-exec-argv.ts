/**
 * The Node flags a processors worker thread starts with: the process's own, less `--input-type`
 * (and its value, when given apart). A process started as `node --input-type=module -e …` (the
 * soak's children) passes that flag on by default, and a worker whose entry is a file then
 * refuses to start (ERR_INPUT_TYPE_NOT_ALLOWED): the utility worker did, in session 18's soak
 * with it on.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (arg === '--input-type') i++;
    else if (!arg.startsWith('--input-type=')) kept.push(arg);
  }
  return kept;
}
