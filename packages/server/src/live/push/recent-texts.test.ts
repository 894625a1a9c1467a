import { describe, expect, it } from 'vitest';
import { RecentTexts } from './recent-texts.ts';

describe('live > push > recent texts', () => {
  it('says a text is new once per topic, and forgets the oldest past its capacity', () => {
    const recent = new RecentTexts(2);
    expect(recent.add('t', 'a')).toBe(true);
    expect(recent.add('t', 'a')).toBe(false);
    expect(recent.add('u', 'a')).toBe(true); // another topic: another message
    expect(recent.add('t', 'b')).toBe(true); // 'a' on t is forgotten (capacity 2: u/a, t/b)
    expect(recent.add('t', 'a')).toBe(true);
    expect(recent.add('t', 'b')).toBe(false);
    expect(recent.has('t', 'b')).toBe(true);
    expect(recent.has('u', 'a')).toBe(false);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RecentTexts(0)).toThrow(RangeError);
  });
});
