import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, planReadOnly } from './statement.ts';

describe('readonly > planReadOnly', () => {
  it('wraps a SELECT so that readonly and the limits apply to the whole query', () => {
    const plan = planReadOnly('SELECT 1 AS x', { ...DEFAULT_LIMITS, maxResultRows: 10 });
    expect(plan.ok && plan.sql).toMatch(
      /^SELECT \* FROM \(SELECT 1 AS x\) SETTINGS readonly = 1, max_execution_time = 30, max_result_rows = 10, .*result_overflow_mode = 'throw'/,
    );
  });

  it('runs the query at the lowest thread priority, clamped to nice 0..19', () => {
    const plan = planReadOnly('SELECT 1 AS x', DEFAULT_LIMITS);
    expect(plan.ok && plan.sql).toMatch(/, os_thread_priority = 19$/);
    const raised = planReadOnly('SELECT 1 AS x', { ...DEFAULT_LIMITS, osThreadPriority: -20 });
    expect(raised.ok && raised.sql).toMatch(/, os_thread_priority = 0$/);
  });

  it('appends the settings to SHOW, DESCRIBE and EXPLAIN', () => {
    const plan = planReadOnly('DESCRIBE TABLE alerts', DEFAULT_LIMITS);
    expect(plan.ok && plan.sql).toMatch(/^DESCRIBE TABLE alerts SETTINGS readonly = 1,/);
  });

  it('refuses writes, DDL and file output', () => {
    for (const sql of [
      'INSERT INTO t VALUES (1)',
      'DROP TABLE t',
      'ALTER TABLE t DELETE WHERE 1',
      'SET readonly = 0',
    ]) {
      expect(planReadOnly(sql, DEFAULT_LIMITS)).toMatchObject({ ok: false });
    }
    expect(planReadOnly("SHOW TABLES INTO OUTFILE '/tmp/x'", DEFAULT_LIMITS)).toEqual({
      ok: false,
      reason: 'INTO OUTFILE is not allowed',
    });
  });
});
