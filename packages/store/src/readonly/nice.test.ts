import { describe, expect, it } from 'vitest';
import { canLowerQueryPriority } from './nice.ts';

describe('readonly > canLowerQueryPriority', () => {
  it('reads CAP_SYS_NICE (bit 23) from the effective capabilities', () => {
    expect(canLowerQueryPriority(() => 'Name:\tnode\nCapEff:\t000001fffeffffff\n')).toBe(true);
    expect(canLowerQueryPriority(() => 'CapEff:\t0000000000800000\n')).toBe(true);
    expect(canLowerQueryPriority(() => 'CapEff:\t0000000000000000\n')).toBe(false);
    expect(canLowerQueryPriority(() => 'CapEff:\t00000000007fffff\n')).toBe(false);
  });

  it('answers false where there is no status to read', () => {
    expect(canLowerQueryPriority(() => 'Name:\tnode\n')).toBe(false);
    expect(
      canLowerQueryPriority(() => {
        throw new Error('ENOENT');
      }),
    ).toBe(false);
  });
});
