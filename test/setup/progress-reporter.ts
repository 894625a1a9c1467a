import { renameSync, writeFileSync } from 'node:fs';
import type { ReportedHookContext, Reporter, TestCase, TestModule, TestRunEndReason } from 'vitest/node';

/** What the watchdog of the test run (run-vitest.ts) reads: when anything last moved, and what runs. */
export interface TestProgress {
  /** Epoch ms of the last event: a test, hook or file started or ended. */
  readonly at: number;
  readonly filesDone: number;
  /** Per file running now: the test or hook it is in. */
  readonly running: readonly { readonly file: string; readonly doing: string }[];
  /** Set when vitest has reported the run's end: it should exit within seconds. */
  readonly ended?: TestRunEndReason;
}

/**
 * Writes the run's progress to the file named by ONEGRID_TEST_PROGRESS (nothing without it) on
 * every test, hook and file event. The events reach vitest's main process from its workers:
 * a worker whose event loop is blocked sends none, and vitest's own timeouts, timers in that
 * same worker, never fire; this file going stale is how the watchdog sees it.
 */
export default class ProgressReporter implements Reporter {
  readonly #file = process.env.ONEGRID_TEST_PROGRESS;
  readonly #running = new Map<string, string>();
  #filesDone = 0;
  #ended: TestRunEndReason | undefined;

  onTestRunEnd(_modules: unknown, _errors: unknown, reason: TestRunEndReason): void {
    this.#ended = reason;
    this.#write();
  }

  onTestModuleStart(module: TestModule): void {
    this.#running.set(module.relativeModuleId, 'starting');
    this.#write();
  }

  onTestModuleEnd(module: TestModule): void {
    this.#running.delete(module.relativeModuleId);
    this.#filesDone++;
    this.#write();
  }

  onTestCaseReady(test: TestCase): void {
    this.#running.set(test.module.relativeModuleId, `test "${test.fullName}"`);
    this.#write();
  }

  onTestCaseResult(test: TestCase): void {
    this.#running.set(test.module.relativeModuleId, `after test "${test.fullName}" (${test.result().state})`);
    this.#write();
  }

  onHookStart(hook: ReportedHookContext): void {
    const entity = hook.entity;
    const file = entity.type === 'module' ? entity.relativeModuleId : entity.module.relativeModuleId;
    const name = entity.type === 'module' ? '' : ` of "${entity.fullName}"`;
    this.#running.set(file, `${hook.name}${name}`);
    this.#write();
  }

  onHookEnd(hook: ReportedHookContext): void {
    const entity = hook.entity;
    const file = entity.type === 'module' ? entity.relativeModuleId : entity.module.relativeModuleId;
    this.#running.set(file, `after ${hook.name}`);
    this.#write();
  }

  #write(): void {
    if (this.#file === undefined || this.#file === '') return;
    const progress: TestProgress = {
      at: Date.now(),
      filesDone: this.#filesDone,
      running: [...this.#running].map(([file, doing]) => ({ file, doing })),
      ...(this.#ended === undefined ? {} : { ended: this.#ended }),
    };
    // Written aside and renamed: the watchdog never reads half a file.
    const aside = `${this.#file}.${process.pid}`;
    writeFileSync(aside, JSON.stringify(progress));
    renameSync(aside, this.#file);
  }
}
