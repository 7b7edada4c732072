import { describe, expect, it } from 'vitest';
import { receiptNumber } from './receipt-number.js';

const nairobi = (iso: string) => Date.parse(`${iso}+03:00`);
const firstLetters = (random: (max: number) => number) => random;

describe('receiptNumber', () => {
  it('encodes 19 December 2019 as NLJ, like the documented NLJ7RT61SV', () => {
    const receipt = receiptNumber(nairobi('2019-12-19T10:00:00'));

    expect(receipt).toMatch(/^NLJ[A-Z0-9]{7}$/);
  });

  it('writes days 1-9 as digits and uses Nairobi time, not UTC, for the date', () => {
    // 22:30 UTC on 4 March 2025 is already 5 March in Nairobi.
    expect(receiptNumber(Date.parse('2025-03-04T22:30:00Z'))).toMatch(/^TC5/);
  });

  it('ends with seven characters drawn from the injected random source', () => {
    const receipt = receiptNumber(
      nairobi('2024-01-31T08:00:00'),
      firstLetters(() => 0),
    );

    expect(receipt).toBe('SAVAAAAAAA');
  });
});
