import { describe, expect, it } from 'vitest';
import { SqlQuota } from './quota.ts';

describe('readonly > SqlQuota', () => {
  it('admits queries up to the per-minute limit, then says when one frees', () => {
    const quota = new SqlQuota({ queriesPerMinute: 2, rowsReadPerHour: 1e9 });
    expect(quota.admit('ana', 0).ok).toBe(true);
    expect(quota.admit('ana', 10_000).ok).toBe(true);
    expect(quota.admit('ana', 20_000)).toEqual({
      ok: false,
      reason: 'quota: 2 queries per minute for ana',
      retryAfterMs: 40_000,
    });
    expect(quota.admit('bo', 20_000).ok).toBe(true);
    expect(quota.admit('ana', 60_001).ok).toBe(true);
  });

  it('stops a user who read too many rows in the last hour, until they age out', () => {
    const quota = new SqlQuota({ queriesPerMinute: 100, rowsReadPerHour: 1000 });
    quota.charge('ana', 600, 0);
    expect(quota.admit('ana', 1000).ok).toBe(true);
    quota.charge('ana', 600, 1000);
    expect(quota.rowsRead('ana', 2000)).toBe(1200);
    expect(quota.admit('ana', 2000)).toMatchObject({ ok: false, retryAfterMs: 3_598_000 });
    expect(quota.admit('ana', 3_600_001).ok).toBe(true);
  });
});
