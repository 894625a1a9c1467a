import { describe, expect, it } from 'vitest';
import { describeIssues } from '../http/zod-schemas.ts';
import { ReplaySlots } from './limits.ts';
import { replayQuery } from './params.ts';

const ok = { from: '2026-09-13T20:00:00+08:00', to: '2026-09-14T08:00:00+08:00', speed: '600' };

function refusal(query: Record<string, string>): string {
  const parsed = replayQuery.safeParse(query);
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(query)}`);
  return describeIssues(parsed.error, 'querystring');
}

describe('replay > params', () => {
  it('takes ISO-8601 with an offset or epoch ms, and an allow-listed speed', () => {
    expect(replayQuery.parse(ok)).toEqual({
      from: Date.parse('2026-09-13T12:00:00Z'),
      to: Date.parse('2026-09-14T00:00:00Z'),
      speed: 600,
    });
    const epoch = { from: '1789300800000', to: '1789344000000', speed: '60' };
    expect(replayQuery.parse(epoch)).toEqual({ from: 1789300800000, to: 1789344000000, speed: 60 });
  });

  it.each([
    ['a time without an offset', { ...ok, from: '2026-09-13T20:00:00' }, 'from: expected ISO-8601'],
    ['NaN', { ...ok, from: 'NaN' }, 'from: expected ISO-8601'],
    ['Infinity', { ...ok, to: 'Infinity' }, 'to: expected ISO-8601'],
    ['a negative epoch', { ...ok, from: '-1' }, 'from: expected ISO-8601'],
    ['an epoch past 2200', { ...ok, to: '99999999999999' }, 'to: expected ISO-8601'],
    ['SQL in a time', { ...ok, from: "2026-09-13' OR 1=1 --" }, 'from: expected ISO-8601'],
    ['a huge value', { ...ok, to: '9'.repeat(5000) }, 'to: at most 40 characters'],
    ['to before from', { ...ok, to: '2026-09-13T19:00:00+08:00' }, 'to: must be after from'],
    ['to equal to from', { ...ok, to: ok.from }, 'to: must be after from'],
    [
      'a range over 14 days',
      { ...ok, from: '2026-08-01T00:00:00+08:00' },
      'to: a replay covers at most 14 days',
    ],
    ['a 30-year range', { ...ok, from: '2000-01-01T00:00:00Z' }, 'to: a replay covers at most 14 days'],
    ['a negative speed', { ...ok, speed: '-60' }, 'speed: expected one of 1, 2, 5'],
    ['a speed not on the list', { ...ok, speed: '7' }, 'speed: expected one of'],
    ['a fractional speed', { ...ok, speed: '0.5' }, 'speed: expected one of'],
    ['speed NaN', { ...ok, speed: 'NaN' }, 'speed: expected one of'],
    ['SQL in the speed', { ...ok, speed: '1;DROP TABLE alerts' }, 'speed: at most 8'],
    // What an empty store's min(ts) made of the hour before landfall: 05:00 on 1970-01-01.
    ['an epoch in 1970', { from: '18000000', to: '21600000', speed: '600' }, 'from: expected ISO-8601'],
    ['full-width digits', { ...ok, from: '１７８９３００８０００００' }, 'from: expected ISO-8601'],
    ['a line break in a time', { ...ok, to: '2026-09-14T08:00:00+08:00\r\nX: 1' }, 'to: expected ISO-8601'],
    ['a month 13', { ...ok, to: '2026-13-01T00:00:00+08:00' }, 'to: expected ISO-8601'],
    ['a key not on the list', { ...ok, sql: 'DROP TABLE alerts' }, 'Unrecognized key: "sql"'],
    ['a prototype key', { ...ok, constructor: 'x' }, 'Unrecognized key: "constructor"'],
  ])('refuses %s, naming the field', (_name, query, message) => {
    expect(refusal(query)).toContain(`querystring: ${message}`);
  });

  it('refuses a key given twice (the query parser makes it a list)', () => {
    expect(refusal({ ...ok, speed: ['600', '1'] } as unknown as Record<string, string>)).toContain(
      'querystring: speed: Invalid input: expected string, received array',
    );
  });

  it('takes the token beside the values, and keeps it out of what a session plays', () => {
    const parsed = replayQuery.parse({ ...ok, token: 'display-token' });
    expect(parsed.token).toBe('display-token');
  });

  it('refuses missing fields', () => {
    expect(refusal({ from: ok.from })).toMatch(/to: .*speed: /);
  });
});

describe('replay > slots', () => {
  it('bounds running replays per token and in all, and frees a slot once', () => {
    const slots = new ReplaySlots({ perToken: 2, total: 3 });
    const a1 = slots.acquire('a');
    const a2 = slots.acquire('a');
    expect(a1.ok && a2.ok).toBe(true);
    expect(slots.acquire('a')).toEqual({ ok: false, message: 'at most 2 replays per token at once' });
    const b1 = slots.acquire('b');
    expect(b1.ok).toBe(true);
    expect(slots.acquire('c')).toEqual({ ok: false, message: 'at most 3 replays at once on this server' });
    if (!a1.ok) throw new Error('unreachable');
    a1.release();
    a1.release(); // twice: still one slot
    expect(slots.running).toBe(2);
    expect(slots.acquire('c').ok).toBe(true);
    expect(slots.acquire('d').ok).toBe(false);
  });
});
