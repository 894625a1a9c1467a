import { describe, expect, it } from 'vitest';
import { parseServerFrame } from './protocol.ts';

describe('protocol > parseServerFrame', () => {
  it('reads a delta without removes as removing nothing', () => {
    const r = parseServerFrame('{"type":"delta","channel":"risk","seq":4,"ts":"t","upserts":{"a":1}}');
    expect(r).toEqual({
      ok: true,
      frame: { type: 'delta', channel: 'risk', seq: 4, ts: 't', upserts: { a: 1 }, removes: [] },
    });
  });

  it('reads heartbeat channels with their seq and as_of', () => {
    const r = parseServerFrame(
      '{"type":"heartbeat","ts":"t","channels":{"risk":{"seq":3,"as_of":"x"},"storm":{"seq":0}}}',
    );
    expect(r.ok && r.frame.type === 'heartbeat' && r.frame.channels).toEqual({
      risk: { seq: 3, as_of: 'x' },
      storm: { seq: 0, as_of: null },
    });
  });

  it.each([
    ['{', 'not JSON'],
    ['[1]', 'not an object'],
    ['{"type":"snapshot","channel":"risk","seq":-1,"data":{}}', 'snapshot needs'],
    ['{"type":"delta","channel":"risk","seq":1.5,"upserts":{}}', 'delta needs'],
    ['{"type":"heartbeat","channels":{"risk":{}}}', 'heartbeat channels'],
    ['{"type":"hello"}', 'unknown frame type'],
  ])('rejects %s with a reason', (text, reason) => {
    const r = parseServerFrame(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});
