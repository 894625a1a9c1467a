import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic beside the code, no broker or engine) and `e2e`
// (test/ and *.e2e.test.ts: real Kafka through infra/kafka, real ClickHouse through chDB).
export default defineConfig({
  test: {
    // The progress reporter feeds the watchdog of `pnpm test` (test/setup/run-vitest.ts); it
    // writes nothing unless that runner names its file.
    reporters: ['default', './test/setup/progress-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          setupFiles: ['test/setup/heartbeat.ts'],
          include: ['packages/*/src/**/*.test.ts', 'dashboards/*/src/**/*.test.ts'],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
          env: { TZ: 'UTC' },
          // A guard against a hung test, not a speed check: the generators' tests stream whole
          // scenarios, and on a loaded 2-core machine took 6-9 s against vitest's default 5 s.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          setupFiles: ['test/setup/heartbeat.ts'],
          include: ['test/**/*.test.ts', 'packages/*/src/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['test/setup/global-setup.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One broker and one chDB per run: e2e files run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
