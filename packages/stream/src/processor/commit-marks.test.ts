import { describe, expect, it } from 'vitest';
import { encodeMark, parseMark } from './commit-marks.ts';

describe('processor > commit marks', () => {
  it('round-trips a watermark and the offset processed through', () => {
    const mark = { watermark: 1_757_808_000_000, processedThrough: 41 };
    expect(encodeMark(mark)).toBe('{"w":1757808000000,"p":41}');
    expect(parseMark(encodeMark(mark))).toEqual(mark);
  });

  it('writes a partition with no event yet as w: null, and reads it back as -Infinity', () => {
    const encoded = encodeMark({ watermark: Number.NEGATIVE_INFINITY, processedThrough: -1 });
    expect(encoded).toBe('{"w":null,"p":-1}');
    expect(parseMark(encoded)).toEqual({ watermark: Number.NEGATIVE_INFINITY, processedThrough: -1 });
  });

  it('resumes from the offset alone when there is no mark or another tool wrote the metadata', () => {
    expect(parseMark(null)).toBeUndefined();
    expect(parseMark('')).toBeUndefined();
    expect(parseMark('committed by kafka-consumer-groups')).toBeUndefined();
    expect(parseMark('{"w":"yesterday","p":3}')).toBeUndefined();
    expect(parseMark('{"w":1}')).toBeUndefined();
  });
});
