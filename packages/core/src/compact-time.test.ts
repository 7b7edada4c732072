import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EAT_OFFSET_MINUTES,
  formatCompactTimestamp,
  parseCompactTimestamp,
  wallClockParts,
} from './compact-time.js';

describe('compact wall-clock timestamps', () => {
  it('writes an instant in Nairobi time, three hours ahead of UTC', () => {
    expect(formatCompactTimestamp(Date.UTC(2016, 1, 16, 13, 56, 27), EAT_OFFSET_MINUTES)).toBe(
      '20160216165627',
    );
    expect(formatCompactTimestamp(Date.UTC(2016, 1, 16, 13, 56, 27), 0)).toBe('20160216135627');
  });

  it('rolls the date over at Nairobi midnight, not UTC midnight', () => {
    expect(formatCompactTimestamp(Date.UTC(2025, 11, 31, 21, 0, 0), EAT_OFFSET_MINUTES)).toBe(
      '20260101000000',
    );
  });

  it('reads a timestamp given as a number, as Daraja callbacks send TransactionDate', () => {
    expect(parseCompactTimestamp(20191219102115, EAT_OFFSET_MINUTES)).toBe(
      Date.UTC(2019, 11, 19, 7, 21, 15),
    );
  });

  it.each(['20250231120000', '20251301000000', '20250101240000', '2025010112000', 'not a date'])(
    'refuses %s, which is not a real moment',
    (text) => {
      expect(parseCompactTimestamp(text, EAT_OFFSET_MINUTES)).toBeUndefined();
    },
  );

  it('round-trips every second of this century at any whole-hour offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }),
        fc.integer({ min: -12, max: 14 }),
        (seconds, hours) => {
          const epochMs = seconds * 1000;
          const text = formatCompactTimestamp(epochMs, hours * 60);
          expect(parseCompactTimestamp(text, hours * 60)).toBe(epochMs);
        },
      ),
    );
  });

  it('gives the calendar fields, milliseconds included', () => {
    expect(wallClockParts(Date.UTC(2022, 4, 23, 9, 21, 37, 653), EAT_OFFSET_MINUTES)).toEqual({
      year: 2022,
      month: 5,
      day: 23,
      hour: 12,
      minute: 21,
      second: 37,
      millisecond: 653,
    });
  });

  it('refuses an instant that is not a finite number', () => {
    expect(() => formatCompactTimestamp(Number.NaN, 0)).toThrow(RangeError);
  });
});
